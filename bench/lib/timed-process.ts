// One whole process as a user starts it from a terminal, timed from the outside: wall seconds from spawn to
// exit (start-up, module loading and shutdown included) and its peak RSS as /usr/bin/time reports it (the
// kernel's ru_maxrss of the process it waited for: VmHWM at exit, so no peak falls between samples).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outcomeOf } from './child.ts';

const TIME = '/usr/bin/time';

export interface TimedProcess {
  seconds: number;
  /** Peak resident set in KiB (null if /usr/bin/time could not say). */
  peakRssKb: number | null;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export async function runTimed(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs: number; cwd?: string },
): Promise<TimedProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'xfer-bench-time-'));
  const report = join(dir, 'rss');
  try {
    const started = performance.now();
    const child = spawn(TIME, ['-f', '%M', '-o', report, command, ...args], {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A group of its own, so a timeout kills the timed process too, not only /usr/bin/time (child.ts).
      detached: true,
      ...(options.cwd && { cwd: options.cwd }),
    });
    const { stdout, stderr, exitCode } = await outcomeOf(child, options.timeoutMs, { group: true });
    const seconds = (performance.now() - started) / 1000;
    const kb = Number((await readFile(report, 'utf8').catch(() => '')).trim().split('\n').at(-1));
    return { seconds, peakRssKb: Number.isFinite(kb) && kb > 0 ? kb : null, exitCode, stdout, stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
