// What the bench hands each client process (as one JSON argument), and how a Node client answers:
// one JSON line on stdout with its own timing and its own VmHWM read just before exiting.
import { readFileSync } from 'node:fs';

export interface ClientJob {
  file: string;
  mediaType: string;
  mediaCategory: string;
  /** Origins of the sandbox: v2 routes on apiBase, v1.1 on uploadBase. */
  apiBase: string;
  uploadBase: string;
  /** PEM file of the CA that signed the server's certificate. */
  caPemPath: string;
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
  /** raw: the sink's URL. */
  sinkUrl?: string;
  /** xfer: APPENDs in flight; absent = the engine's default. */
  concurrency?: number;
  /** xfer: a fresh data dir for the ledger. */
  dataDir?: string;
  /** faults-batch and the whole-process scripts: every file of the batch (`file` is the first). */
  files?: string[];
  /** The whole-process scripts: the accounts to upload as, file i going to user i mod users.length. */
  users?: { token: string; tokenSecret: string }[];
}

export function readJob(): ClientJob {
  const raw = process.argv[2];
  if (!raw) throw new Error('usage: node client.ts <job JSON>');
  return JSON.parse(raw) as ClientJob;
}

export function caOf(job: ClientJob): string {
  return readFileSync(job.caPemPath, 'utf8');
}

function ownVmHwmKb(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) this process has used so far. */
export function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Prints the report line and exits at once (no lingering keep-alive sockets or processing polls). */
export function finish(report: Record<string, unknown>): never {
  process.stdout.write(`${JSON.stringify({ ...report, peakRssKb: ownVmHwmKb() })}\n`);
  process.exit(report.ok === true ? 0 : 1);
}

/** Runs `work`, timing it, and reports; any throw becomes { ok: false, error }. */
export async function timed(work: () => Promise<Record<string, unknown>>): Promise<never> {
  try {
    const cpuAtStart = cpuSeconds();
    const started = performance.now();
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    return finish({ ok: true, seconds, cpuSeconds: cpuSeconds() - cpuAtStart, ...result });
  } catch (error) {
    return finish({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
}
