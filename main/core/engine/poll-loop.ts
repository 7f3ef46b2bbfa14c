// One loop for the STATUS polls of every file X is processing: each run asks to be woken no sooner than X's
// check_after_secs, and the loop wakes every poll due by its next tick together, so ten videos processing
// cost one timer and their STATUS requests go out side by side, not ten loops drifting apart. A tick waits
// for the polls due a little after the first one (SLACK_MS), so none is sent before X asked and none waits
// more than the slack past its time.
export const SLACK_MS = 500;

interface Waiter {
  due: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal;
  onAbort: () => void;
}

export interface PollLoopOptions {
  now: () => number;
  /** Must reject when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The engine's life: closing ends the loop. */
  signal: AbortSignal;
}

export class PollLoop {
  readonly #options: PollLoopOptions;
  readonly #waiters: Waiter[] = [];
  #running = false;
  /** Cuts the loop's sleep short when a poll joins, so the tick is planned again with it. */
  #nap: AbortController | null = null;

  constructor(options: PollLoopOptions) {
    this.#options = options;
  }

  /** Resolves once `delayMs` have passed, on the loop's tick that wakes every poll due by then. */
  wait(delayMs: number, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        due: this.#options.now() + Math.max(0, delayMs),
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.#remove(waiter);
          reject(signal.reason);
        },
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
      this.#nap?.abort(); // plan the tick again with this poll in it
      if (!this.#running) void this.#run();
    });
  }

  async #run(): Promise<void> {
    this.#running = true;
    const { now, sleep, signal } = this.#options;
    try {
      while (this.#waiters.length > 0 && !signal.aborted) {
        const first = Math.min(...this.#waiters.map((waiter) => waiter.due));
        const tickAt = Math.max(...this.#waiters.filter((w) => w.due <= first + SLACK_MS).map((w) => w.due));
        this.#nap = new AbortController();
        try {
          // Loop on the clock rather than trust one timer: the clock is injected and a sleep may end early.
          while (now() < tickAt) await sleep(tickAt - now(), AbortSignal.any([signal, this.#nap.signal]));
        } catch {
          if (signal.aborted) break;
          continue; // a poll joined: plan the tick again
        }
        const at = now();
        for (const waiter of this.#waiters.filter((candidate) => candidate.due <= at)) {
          this.#remove(waiter);
          waiter.resolve();
        }
      }
    } finally {
      this.#running = false;
      this.#nap = null;
      if (signal.aborted) for (const waiter of this.#waiters.splice(0)) waiter.reject(signal.reason);
    }
  }

  #remove(waiter: Waiter): void {
    const index = this.#waiters.indexOf(waiter);
    if (index !== -1) this.#waiters.splice(index, 1);
    waiter.signal.removeEventListener('abort', waiter.onAbort);
  }
}
