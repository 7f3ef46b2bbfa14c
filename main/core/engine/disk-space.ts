// Waiting out a full disk: sending stops while the ledger cannot record what X acknowledged (an APPEND that X
// took but the ledger did not would be sent again, which is safe, but nothing could be resumed), and goes on
// by itself once the disk holding the data folder has room again.
import { statfs } from 'node:fs/promises';

/** Room the ledger needs to go on: a few WAL frames and a checkpoint, with margin. */
export const MIN_FREE_BYTES = 1024 * 1024;

export interface SpaceWait {
  folder: string;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal: AbortSignal;
  pollMs: number;
  /** Free bytes an ordinary user may write (statfs by default; tests pass their own). */
  freeBytes?: (folder: string) => Promise<number>;
}

async function statfsFreeBytes(folder: string): Promise<number> {
  const stats = await statfs(folder);
  return stats.bavail * stats.bsize;
}

/** Resolves once `folder`'s disk has MIN_FREE_BYTES free; rejects when `signal` aborts. */
export async function waitForSpace({ folder, sleep, signal, pollMs, freeBytes = statfsFreeBytes }: SpaceWait) {
  for (;;) {
    signal.throwIfAborted();
    const free = await freeBytes(folder).catch(() => 0);
    if (free >= MIN_FREE_BYTES) return;
    await sleep(pollMs, signal);
  }
}
