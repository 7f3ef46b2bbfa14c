// At most N conversions at once (one per core by default): ffmpeg uses every core it gets, and a second
// encode per core only makes both slower.
import { availableParallelism } from 'node:os';
import { fail } from '../../common/errors.ts';

export class Limiter {
  readonly #max: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(max: number = availableParallelism()) {
    this.#max = Math.max(1, max);
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.#running < this.#max) this.#running += 1;
    else await this.#wait(signal); // the finishing run hands its slot over: #running stays counted
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running -= 1;
    }
  }

  #wait(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const start = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.#waiting.indexOf(start);
        if (index >= 0) this.#waiting.splice(index, 1);
        try {
          fail('cancelled', 'The conversion was cancelled before it started');
        } catch (failure) {
          reject(failure as Error);
        }
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(start);
    });
  }
}
