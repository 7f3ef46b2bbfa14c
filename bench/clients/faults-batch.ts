// A long-lived Xfer under faults: one openServices process (the app's, not a CLI per file) prepares a batch of
// files for the sandbox account, sends them all at once and waits until every session has left the sending
// states. The clock covers send() to the last session's end. Reports each session's state, attempts and the
// first failure's kind, so the bench can tell "slow" from "gave up".
import { openServices } from '../../main/app/services.ts';
import type { SecretStore } from '../../main/core/accounts/types.ts';
import { finish, readJob } from './job.ts';

const job = readJob();
if (!job.dataDir || !job.files?.length) throw new Error('faults-batch needs dataDir and files');

const memorySecrets: SecretStore = (() => {
  const entries = new Map<string, string>();
  return {
    get: async (key) => entries.get(key) ?? null,
    set: async (key, value) => void entries.set(key, value),
    delete: async (key) => entries.delete(key),
  };
})();

const ENDED = new Set(['processing', 'succeeded', 'failed', 'cancelled', 'expired']);

try {
  const services = await openServices({
    dataDir: job.dataDir,
    secretStore: memorySecrets,
    sandbox: {
      url: job.apiBase,
      consumerKey: job.consumerKey,
      consumerSecret: job.consumerSecret,
      users: [
        { userId: '1880000000000000001', screenName: 'xfer_demo', token: job.token, tokenSecret: job.tokenSecret },
      ],
    },
    resume: false,
  });
  const account = services.accounts.list().find((candidate) => candidate.kind === 'sandbox');
  if (!account) throw new Error('no sandbox account');
  const prepared = await services.prepare(job.files.map((path) => ({ path, accountId: account.id })));
  const ids = prepared.map((session) => session.id);
  const notReady = prepared.filter((session) => session.state !== 'ready');
  if (notReady.length > 0) throw new Error(`prepare: ${notReady.length} sessions not ready`);

  const ended = () => ids.every((id) => ENDED.has(services.ledger.getSession(id)?.state ?? 'failed'));
  const done = new Promise<void>((resolve) => {
    services.events.subscribe({
      onSessionChanged() {
        if (ended()) resolve();
      },
    });
  });
  const started = performance.now();
  const sent = services.engine.send(ids);
  if (sent.queued !== ids.length) throw new Error(`send refused: ${JSON.stringify(sent.refused)}`);
  await done;
  const seconds = (performance.now() - started) / 1000;
  const sessions = ids.map((id) => {
    const session = services.ledger.getSession(id);
    return {
      state: session?.state,
      attempts: session?.attempts,
      mediaId: session?.mediaId ?? null,
      error: session?.error ? `${session.error.kind}: ${session.error.message}` : null,
    };
  });
  finish({ ok: true, seconds, sessions });
} catch (error) {
  finish({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
}
