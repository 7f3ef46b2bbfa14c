// Xfer as the CLI and the app run it: openServices (main/app/services.ts) over a fresh temp data dir — the
// real Ledger (SQLite), AccountRegistry, UploadEngine at its default settings, and the real v2 client —
// pointed at the bench's sandbox as "a sandbox running elsewhere". The sandbox's CA is trusted through
// NODE_EXTRA_CA_CERTS (set by the bench), as a user would trust a private CA: no code path is changed for the bench.
// Two processes per upload: `setup` verifies the account and prepares the file (offline validation +
// fingerprint; its time is reported apart), then the timed process sends the prepared session. The clock
// covers send() to FINALIZE's answer (the session leaving uploading/finalizing), like the peers' clocks.
import type { Session } from '../../main/common/session.ts';
import { readFileSync } from 'node:fs';
import { cpuSeconds, finish, readJob } from './job.ts';
import { openSandboxServices } from './sandbox-services.ts';

const job = readJob();
if (!job.dataDir) throw new Error('xfer client needs dataDir');

const phase = process.argv[3] === 'setup' ? 'setup' : 'upload';

try {
  const { services, account } = await openSandboxServices(job, {
    ...(job.concurrency !== undefined && { engine: { concurrency: { appendsPerUpload: job.concurrency } } }),
  });

  if (phase === 'setup') {
    // What happens before a user sends: the account was checked when it was added, and the file was
    // prepared (validated and fingerprinted). Done in a process of its own, like `xfer prepare` before
    // `xfer send`, so the timed process opens its own first connection, as every peer does.
    await services.accounts.verify(account.id);
    const prepareStarted = performance.now();
    const [session] = await services.prepare([{ path: job.file, accountId: account.id }]);
    const prepareSeconds = (performance.now() - prepareStarted) / 1000;
    if (!session || session.state !== 'ready')
      throw new Error(
        `prepare: session is ${session?.state}: ${JSON.stringify(session?.validation?.findings ?? session?.error)}`,
      );
    await services.close();
    finish({ ok: true, seconds: prepareSeconds, prepareSeconds });
  }

  const ready = services.ledger.listSessions().filter((candidate) => candidate.state === 'ready');
  if (ready.length !== 1) throw new Error(`expected one prepared session, found ${ready.length}`);
  const id = (ready[0] as Session).id;
  // The process's peak so far: Node and the loaded app modules, before any upload.
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
    loadedRssKb,
    chunkSize: final?.chunkSize,
    segments: final?.segmentsTotal,
    attempts: final?.attempts,
  });
} catch (error) {
  finish({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
}
