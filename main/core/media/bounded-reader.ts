// Positioned reads that stop when the signal aborts (timeout or cancel), even if the read itself never
// returns, and that count what they read so inspection stays bounded.
import type { OpenedFile } from './file-source.ts';

export class BoundedReader {
  readonly file: OpenedFile;
  readonly size: number;
  readonly signal: AbortSignal;
  bytesRead = 0;

  constructor(file: OpenedFile, size: number, signal: AbortSignal) {
    this.file = file;
    this.size = size;
    this.signal = signal;
  }

  /** Up to `length` bytes from `position`; fewer only at the end of the file. */
  async readAt(position: number, length: number): Promise<Uint8Array> {
    const wanted = Math.max(0, Math.min(length, this.size - position));
    const target = new Uint8Array(wanted);
    let filled = 0;
    while (filled < wanted) {
      const count = await raceAbort(this.file.read(target.subarray(filled), position + filled), this.signal);
      if (count === 0) break;
      filled += count;
    }
    this.bytesRead += filled;
    return filled === wanted ? target : target.subarray(0, filled);
  }
}

export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
