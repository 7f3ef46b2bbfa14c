// A timed process that outlives its timeout is killed with everything it started: /usr/bin/time wraps it, and
// killing the wrapper alone left the process holding the output pipes, so the bench waited forever (seen on a
// full run: a peer's script that hung kept the whole bench waiting until it was killed by hand).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runTimed } from '../../bench/lib/timed-process.ts';

describe('runTimed', () => {
  it('kills the timed process itself at the timeout, not only /usr/bin/time around it', async () => {
    // The shell prints the pid of the sleep it starts, then waits on it: both must be gone afterwards.
    const outcome = await runTimed('/bin/sh', ['-c', 'sleep 60 & echo $!; wait'], { timeoutMs: 500 });
    expect(outcome.exitCode).toBeNull();
    const sleeper = Number(outcome.stdout.trim());
    expect(sleeper).toBeGreaterThan(0);
    // Gone, or dead and waiting to be reaped (a zombie, state Z): either way it holds nothing open.
    const state = () => {
      try {
        return readFileSync(`/proc/${sleeper}/stat`, 'utf8').split(' ')[2];
      } catch {
        return 'gone';
      }
    };
    await expect.poll(state).toMatch(/^(gone|Z)$/);
  }, 20_000);

  it('reports a process that ends by itself, with its output and peak RSS', async () => {
    const outcome = await runTimed('/bin/sh', ['-c', 'echo done'], { timeoutMs: 10_000 });
    expect(outcome).toMatchObject({ exitCode: 0, stdout: 'done\n' });
    expect(outcome.peakRssKb).toBeGreaterThan(0);
  });
});
