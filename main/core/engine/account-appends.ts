// One account's APPENDs in flight, over all its uploads: the in-flight controller says how many, and the
// permits are shared fairly between the account's uploads (a free permit goes to the upload holding the
// fewest, first come first served among equals), so two files on one account split the budget instead of
// the first starving the second. Accounts never share: X counts limits per user token (reference §2).
import { InFlightController, type ControllerEvent } from './in-flight-controller.ts';

interface Waiter {
  uploadId: string;
  /** A segment sent again: it waited out its retry delay already, so it goes before segments not yet tried. */
  retry: boolean;
  grant: () => void;
}

export class AccountAppends {
  readonly controller: InFlightController;
  readonly #now: () => number;
  readonly #sleep: ((ms: number, signal?: AbortSignal) => Promise<void>) | null;
  readonly #signal: AbortSignal | undefined;
  readonly #held = new Map<string, number>();
  readonly #waiting: Waiter[] = [];
  #inFlight = 0;
  #waking = false;

  constructor(options: {
    initial: number | null;
    chunkBytes: number;
    now: () => number;
    /** Waits out a spent rate-limit budget (X's reset) before granting again; must reject on `signal`. */
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
    signal?: AbortSignal;
  }) {
    this.#now = options.now;
    this.#sleep = options.sleep ?? null;
    this.#signal = options.signal;
    this.controller = new InFlightController(
      { initial: options.initial, chunkBytes: options.chunkBytes },
      options.now(),
    );
  }

  /** APPENDs in flight now, over every upload of the account. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Waits for a permit for one APPEND attempt of `uploadId`; `release` it when the attempt is over (a failed
   * one too: the wait before its retry holds no permit, and the retry asks again with `retry`).
   */
  acquire(uploadId: string, signal: AbortSignal, options: { retry?: boolean } = {}): Promise<() => void> {
    signal.throwIfAborted();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        uploadId,
        retry: options.retry === true,
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve(this.#releaser(uploadId));
        },
      };
      const onAbort = () => {
        const index = this.#waiting.indexOf(waiter);
        if (index !== -1) this.#waiting.splice(index, 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
      this.#grant();
    });
  }

  observe(event: ControllerEvent): void {
    this.controller.observe(event);
    this.#grant(); // the limit may have grown
  }

  #releaser(uploadId: string): () => void {
    this.#inFlight += 1;
    this.#held.set(uploadId, (this.#held.get(uploadId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight -= 1;
      const held = (this.#held.get(uploadId) ?? 1) - 1;
      if (held === 0) this.#held.delete(uploadId);
      else this.#held.set(uploadId, held);
      this.#grant();
    };
  }

  #grant(): void {
    while (this.#waiting.length > 0 && this.#inFlight < this.controller.limit(this.#now())) {
      let chosen = 0;
      for (let index = 1; index < this.#waiting.length; index++) {
        if (this.#before(this.#waiting[index] as Waiter, this.#waiting[chosen] as Waiter)) chosen = index;
      }
      const [waiter] = this.#waiting.splice(chosen, 1);
      waiter?.grant();
    }
    if (this.#waiting.length > 0) this.#wakeWhenBudgetResets();
  }

  /** Whether `candidate` gets the next permit before `best`: the upload holding fewer, then a retry, then FIFO. */
  #before(candidate: Waiter, best: Waiter): boolean {
    const held = (this.#held.get(candidate.uploadId) ?? 0) - (this.#held.get(best.uploadId) ?? 0);
    return held < 0 || (held === 0 && candidate.retry && !best.retry);
  }

  /** Nothing may start until X's window resets, and no answer will say so before: grant again then. */
  #wakeWhenBudgetResets(): void {
    const until = this.controller.blockedUntil(this.#now());
    if (until === null || this.#waking || !this.#sleep) return;
    this.#waking = true;
    this.#sleep(until - this.#now(), this.#signal).then(
      () => {
        this.#waking = false;
        this.#grant();
      },
      () => void (this.#waking = false), // the engine is closing: the waiters are aborted with it
    );
  }
}
