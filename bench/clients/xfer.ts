// Xfer as the CLI and the app run it: openServices (main/app/services.ts) over a fresh temp data dir — the
// real Ledger (SQLite), AccountRegistry, UploadEngine at its default settings, and the real v2 client —
// pointed at the bench's sandbox as "a sandbox running elsewhere". The sandbox's CA is trusted through
// NODE_EXTRA_CA_CERTS (set by the bench), which Node's fetch honours: no code path is changed for the bench.
// Prepare (offline validation + fingerprint) runs first and is reported apart; the clock covers send() to
// FINALIZE's answer (the session leaving uploading/finalizing), like the peers' clocks.
import { openServices } from '../../main/app/services.ts';
import type { SecretStore } from '../../main/core/accounts/types.ts';
import { readFileSync } from 'node:fs';
import { cpuSeconds, finish, readJob } from './job.ts';

const job = readJob();
if (!job.dataDir) throw new Error('xfer client needs dataDir');

/** The sandbox account's secrets are its public demo credentials, never in the keychain; nothing else is stored. */
const memorySecrets: SecretStore = (() => {
  const entries = new Map<string, string>();
  return {
    get: async (key) => entries.get(key) ?? null,
    set: async (key, value) => void entries.set(key, value),
    delete: async (key) => entries.delete(key),
  };
})();

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
    ...(job.concurrency !== undefined && { engine: { concurrency: { appendsPerUpload: job.concurrency } } }),
  });
  const account = services.accounts.list().find((candidate) => candidate.kind === 'sandbox');
  if (!account) throw new Error('no sandbox account');
  const prepareStarted = performance.now();
  const [session] = await services.prepare([{ path: job.file, accountId: account.id }]);
  const prepareSeconds = (performance.now() - prepareStarted) / 1000;
  if (!session || session.state !== 'ready')
    throw new Error(
      `prepare: session is ${session?.state}: ${JSON.stringify(session?.validation?.findings ?? session?.error)}`,
    );
  const id = session.id;
  // The process's peak so far: Node, type stripping and the loaded app modules, before any upload.
  const loadedRssKb = Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN);

  const done = new Promise<void>((resolve, reject) => {
    services.events.subscribe({
      onSessionChanged(changed) {
        if (changed !== id) return;
        const current = services.ledger.getSession(id);
        if (!current) return reject(new Error('session vanished'));
        if (current.state === 'processing' || current.state === 'succeeded') resolve();
        else if (current.state === 'failed' || current.state === 'cancelled' || current.state === 'expired') {
          reject(new Error(`session ${current.state}: ${current.error?.message ?? ''}`));
        }
      },
    });
  });
  const cpuAtStart = cpuSeconds();
  const started = performance.now();
  const sent = services.engine.send([id]);
  if (sent.queued !== 1) throw new Error(`send refused: ${JSON.stringify(sent.refused)}`);
  await done;
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds() - cpuAtStart;
  const final = services.ledger.getSession(id);
  finish({
    ok: true,
    seconds,
    cpuSeconds: cpu,
    bytes: final?.totalBytes,
    mediaId: final?.mediaId ?? undefined,
    prepareSeconds,
    loadedRssKb,
    chunkSize: final?.chunkSize,
    segments: final?.segmentsTotal,
    attempts: final?.attempts,
  });
} catch (error) {
  finish({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
}
