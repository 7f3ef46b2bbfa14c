// A long-lived Xfer under faults: one openServices process (the app's, not a CLI per file) prepares a batch of
// files for the sandbox account, sends them all at once and waits until every session has ended. The clock
// covers send() to the last session's end: an upload is done when X says its media is usable (`succeeded`,
// as `xfer upload` waits for), so FINALIZE and the STATUS polls — faulted like every upload command — are in
// it. Reports each session's state, attempts, media id and first failure, so the bench can tell "slow" from
// "gave up" and check the bytes.
import { finish, readJob } from './job.ts';
import { openSandboxServices } from './sandbox-services.ts';

const job = readJob();
if (!job.dataDir || !job.files?.length) throw new Error('faults-batch needs dataDir and files');

const ENDED = new Set(['succeeded', 'failed', 'cancelled', 'expired']);

try {
  const { services, account } = await openSandboxServices(job);
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
