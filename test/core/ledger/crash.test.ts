import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Ledger } from '../../../main/core/ledger/ledger.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xfer-crash-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** How long the writer may go without committing a step before the test gives up on it, saying where it stood. */
const STALL_MS = 30_000;

/** Runs the writer until it has committed `steps` acks, then kills it with SIGKILL. Returns the last step it printed. */
function writeThenKill(path: string, steps: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'crash-writer.ts'), path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let last = -1;
    let buffered = '';
    let errors = '';
    // A writer that stops making progress is a failure that says where it stopped, not a silent test timeout.
    let stalled: NodeJS.Timeout;
    const watch = () => {
      clearTimeout(stalled);
      stalled = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          new Error(`writer made no progress for ${STALL_MS} ms after step ${last}; stderr: ${errors || '(empty)'}`),
        );
      }, STALL_MS);
    };
    watch();
    child.stderr.setEncoding('utf8').on('data', (text: string) => (errors += text));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      buffered += text;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (/^\d+$/.test(line)) last = Number(line);
      watch();
      if (last >= steps && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(stalled);
      if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`writer exited with ${code} before it was killed; stderr: ${errors || '(empty)'}`));
    });
  });
}

it('opens consistent after the writing process is killed with SIGKILL', async () => {
  const path = join(dir, 'ledger.db');
  const printed = await writeThenKill(path, 500);

  const raw = new DatabaseSync(path);
  expect(raw.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
  raw.close();

  const ledger = Ledger.open(path);
  const session = ledger.getSession('crash');
  const acked = ledger.ackedSegments('crash');
  // Everything printed was committed; the counters agree with the rows (each ack is one transaction).
  expect(acked.length).toBeGreaterThanOrEqual(printed + 1);
  expect(acked).toEqual(Array.from({ length: acked.length }, (_, index) => index));
  expect(session).toMatchObject({ segmentsAcked: acked.length, bytesAcked: acked.length * 100 });
  expect(['uploading', 'ready']).toContain(session?.state);
  // And it can go on writing.
  ledger.ackSegment('crash', acked.length, 100);
  expect(ledger.getSession('crash')?.segmentsAcked).toBe(acked.length + 1);
  ledger.close();
});
