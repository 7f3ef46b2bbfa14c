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

export interface FullDiskOptions extends Omit<SpaceWait, 'freeBytes'> {
  /** The disk has room again: what waited may start. */
  onRoom: () => void;
  /** What the wait threw: the abort on close (to be ignored) or a bug (to be reported). */
  onBackgroundError: (error: unknown) => void;
}

/** The data folder's disk, while it is full: what the status says, and the one wait for room behind it. */
export class FullDisk {
  readonly #options: FullDiskOptions;
  #message: string | null = null;

  constructor(options: FullDiskOptions) {
    this.#options = options;
  }

  get folder(): string {
    return this.#options.folder;
  }

  /** Why nothing starts (the disk is full), or null while there is room. */
  get message(): string | null {
    return this.#message;
  }

  /** The ledger could not be written: hold until the disk has room. However many runs hit it, one wait. */
  hold(message: string): void {
    if (this.#message !== null) return;
    this.#message = message;
    const { onRoom, onBackgroundError, ...wait } = this.#options;
    waitForSpace(wait)
      .then(() => {
        this.#message = null;
        onRoom();
      })
      .catch(onBackgroundError); // only close() ends the wait; anything else is a bug
  }
}
