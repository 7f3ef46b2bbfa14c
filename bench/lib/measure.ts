// One measured upload: fresh servers, the client in its own process, and a check that the server really
// holds the file (size, and SHA-256 of the assembled bytes against the file's) before a figure counts.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientName } from './args.ts';
import { runChild } from './child.ts';
import { commandFor } from './clients.ts';
import type { ClientJob } from '../clients/job.ts';
import type { UploadFile } from './files.ts';
import { startServers, type Conditions } from './servers.ts';
import type { Sandbox } from '../../main/core/sandbox/index.ts';
import { mbPerSecond, MIB } from './stats.ts';

export interface UploadSample {
  client: ClientName;
  file: string;
  ok: boolean;
  seconds: number | null;
  mbPerSecond: number | null;
  /** Peak resident set of the client process (VmHWM), in MiB. */
  peakRssMb: number | null;
  /** Anything else the client reported (Xfer: prepareSeconds, loadedRssKb, chunkSize, segments, attempts). */
  details?: Record<string, unknown>;
  error?: string;
}

const hashes = new Map<string, Promise<string>>();
export function sha256Of(path: string): Promise<string> {
  let hash = hashes.get(path);
  if (!hash) {
    hash = (async () => {
      const digest = createHash('sha256');
      for await (const chunk of createReadStream(path, { highWaterMark: 4 * MIB })) digest.update(chunk as Buffer);
      return digest.digest('hex');
    })();
    hashes.set(path, hash);
  }
  return hash;
}

/**
 * Why the sandbox does not hold exactly the file under `mediaId` (its size and the SHA-256 of the assembled
 * bytes against the file's), or null when it does. Call it after the client's clock has stopped: the sandbox
 * hashes what it holds only when asked.
 */
export async function verifyStored(
  sandbox: Sandbox,
  mediaId: string | null,
  path: string,
  bytes: number,
): Promise<string | null> {
  const stored = mediaId === null ? null : sandbox.inspect(mediaId);
  if (!stored) return `the sandbox has no media ${mediaId}`;
  const received = Object.values(stored.segmentBytes).reduce((sum, count) => sum + count, 0);
  if (stored.totalBytes !== bytes || received !== bytes) return `the sandbox holds ${received} of ${bytes} bytes`;
  const digest = await sandbox.digest(stored.mediaId);
  const expected = await sha256Of(path);
  return digest === expected ? null : `the sandbox's SHA-256 ${digest} differs from the file's`;
}

export async function measureUpload(
  client: ClientName,
  file: UploadFile,
  conditions: Conditions,
  extra: Partial<ClientJob> = {},
): Promise<UploadSample> {
  if (client !== 'raw') await sha256Of(file.path); // hashed before any clock starts, then cached
  const servers = await startServers(file, conditions, client === 'raw');
  const dataDir = client === 'xfer' ? await mkdtemp(join(tmpdir(), 'xfer-bench-data-')) : null;
  const failed = (error: string, peakRssKb: number | null = null): UploadSample => ({
    client,
    file: file.label,
    ok: false,
    seconds: null,
    mbPerSecond: null,
    peakRssMb: peakRssKb === null ? null : peakRssKb / 1024,
    error,
  });
  try {
    const job: ClientJob = { ...servers.job, ...extra, ...(dataDir && { dataDir }) };
    const { command, args, env } = commandFor(client, job);
    let setupDetails: Record<string, unknown> = {};
    if (client === 'xfer') {
      // Verify the account and prepare the file in a process of their own (see clients/xfer.ts).
      const setup = await runChild(command, [...args, 'setup'], { timeoutMs: 120_000, ...(env && { env }) });
      if (!setup.report.ok) return failed(`setup: ${setup.report.error ?? `exit ${setup.exitCode}`}`);
      setupDetails = { prepareSeconds: setup.report.prepareSeconds };
    }
    // Generous: a client slower than 1 MB/s (plus a minute) is reported as failed, not waited for.
    const timeoutMs = Math.min(15 * 60_000, 60_000 + (file.bytes / MIB) * 1000);
    // The servers (sandbox or sink) run in this process: its CPU over the child's run is theirs (plus the
    // bench's sampling of the child, a /proc read every 50 ms), the other half of what the two cores do.
    const serverCpuAtStart = process.cpuUsage();
    const result = await runChild(command, args, { timeoutMs, ...(env && { env }) });
    const serverCpu = process.cpuUsage(serverCpuAtStart);
    const { report } = result;
    if (!report.ok || typeof report.seconds !== 'number')
      return failed(report.error ?? `exit ${result.exitCode}`, result.peakRssKb);
    if (client !== 'raw') {
      const mediaId = typeof report.mediaId === 'string' ? report.mediaId : null;
      const problem = await verifyStored(servers.sandbox, mediaId, file.path, file.bytes);
      if (problem) return failed(problem);
    }
    return {
      client,
      file: file.label,
      ok: true,
      seconds: report.seconds,
      mbPerSecond: mbPerSecond(file.bytes, report.seconds),
      peakRssMb: result.peakRssKb === null ? null : result.peakRssKb / 1024,
      details: {
        ...setupDetails,
        serverCpuSeconds: (serverCpu.user + serverCpu.system) / 1e6,
        ...Object.fromEntries(
          Object.entries(report).filter(([key]) => !['ok', 'seconds', 'bytes', 'peakRssKb'].includes(key)),
        ),
      },
    };
  } finally {
    await servers.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}
