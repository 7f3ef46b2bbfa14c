// Runs one measured client in its own process and watches its memory: /proc/<pid>/status VmHWM (the
// kernel's peak resident set) sampled every 50 ms, and read once more by the child itself just before it
// exits (see clients/report.ts), so a short-lived peak is not missed between samples.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { readFile } from 'node:fs/promises';

export interface ChildReport {
  ok: boolean;
  /** Seconds the child measured itself, from the first request to the upload's end. */
  seconds?: number;
  bytes?: number;
  mediaId?: string;
  /** The child's own VmHWM in KiB, read just before it exits. */
  peakRssKb?: number;
  error?: string;
  [key: string]: unknown;
}

export interface ChildResult {
  report: ChildReport;
  /** Highest VmHWM seen by the parent (KiB), or the child's own reading if higher. */
  peakRssKb: number | null;
  exitCode: number | null;
  stderr: string;
}

export async function readVmHwmKb(pid: number | 'self'): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) : null;
  } catch {
    return null; // the process has exited
  }
}

export interface RunChildOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/**
 * Collects a spawned child's output (the last 8,000 characters of stderr) until it exits; kills it at `timeoutMs`.
 * With `group` (the child was spawned detached, so it leads a process group of its own) the whole group is killed:
 * a wrapper such as /usr/bin/time killed alone leaves the process it runs holding the output pipes open, and
 * the wait for them would never end.
 */
export async function outcomeOf(
  child: ChildProcessByStdio<null, Readable, Readable>,
  timeoutMs: number,
  { group = false }: { group?: boolean } = {},
): Promise<{ stdout: string; stderr: string; exitCode: number | null }> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-8000)));
  const kill = () => {
    try {
      if (group && child.pid !== undefined) return void process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is already gone; killing the child below is then a no-op
    }
    child.kill('SIGKILL');
  };
  const timer = setTimeout(kill, timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => {
    child.on('error', (error) => {
      stderr += String(error);
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
  });
  clearTimeout(timer);
  return { stdout, stderr, exitCode };
}

/** Spawns `command args`, samples its VmHWM, and parses the last stdout line as the JSON report. */
export async function runChild(
  command: string,
  args: readonly string[],
  options: RunChildOptions,
): Promise<ChildResult> {
  const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let peak: number | null = null;
  const sampler = setInterval(() => {
    if (child.pid === undefined) return;
    void readVmHwmKb(child.pid).then((kb) => {
      if (kb !== null && (peak === null || kb > peak)) peak = kb;
    });
  }, 50);
  const { stdout, stderr, exitCode } = await outcomeOf(child, options.timeoutMs);
  clearInterval(sampler);
  const lastLine = stdout.trim().split('\n').at(-1) ?? '';
  let report: ChildReport;
  try {
    report = JSON.parse(lastLine) as ChildReport;
  } catch {
    report = {
      ok: false,
      error: `no report (exit ${exitCode}): ${stderr.trim().split('\n').slice(-3).join(' | ') || stdout.slice(-300)}`,
    };
  }
  if (typeof report.peakRssKb === 'number' && (peak === null || report.peakRssKb > peak)) peak = report.peakRssKb;
  return { report, peakRssKb: peak, exitCode, stderr };
}
