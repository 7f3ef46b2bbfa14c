// Whether the API is reachable, and when to look again. After a network failure the watch probes
// quickly at first, so a connection that comes back is noticed within ~2 s, then less and less often
// (up to every 30 s) while it stays away: a cheap HEAD every 2 s for a few minutes, never a spin.
// "Try again now" probes at once; "work offline" holds sending and stops probing until it is lifted.

export interface ReconnectPolicy {
  /** The first wait after the connection is lost. */
  initialDelayMs: number;
  /** Waits double from initialDelayMs up to this, and stay there while the outage is young. */
  steadyDelayMs: number;
  /** How long an outage counts as young (probing every steadyDelayMs). */
  fastForMs: number;
  /** After that, the wait grows with the outage's age up to this. */
  maxDelayMs: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = {
  initialDelayMs: 500,
  steadyDelayMs: 2000,
  fastForMs: 5 * 60_000,
  maxDelayMs: 30_000,
};

/**
 * The wait before probe number `attempt` (0-based) of an outage that began `offlineForMs` ago.
 * Young outage: initial · 2^attempt, at most steady. Older: a tenth of the time past the young phase
 * (20 s past → 2 s, 5 min past → 30 s), at least steady, at most max.
 */
export function reconnectDelayMs(attempt: number, offlineForMs: number, policy: ReconnectPolicy): number {
  const steady = Math.min(policy.steadyDelayMs, policy.maxDelayMs);
  if (offlineForMs < policy.fastForMs) return Math.min(steady, policy.initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.min(policy.maxDelayMs, Math.max(steady, (offlineForMs - policy.fastForMs) / 10));
}

export interface ConnectionWatchOptions {
  /** Any answer (even an error status) means reachable; a throw counts as offline. */
  probe: () => Promise<boolean>;
  /** Must reject when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  policy: ReconnectPolicy;
  /** Ends the watch for good (the engine closing). */
  signal: AbortSignal;
  /** Online or held changed. */
  onChange: () => void;
}

export class ConnectionWatch {
  readonly #options: ConnectionWatchOptions;
  #online = true;
  #held = false;
  #watching = false;
  /** Cuts the current wait short (try again now, work offline lifted). */
  #nap: AbortController | null = null;
  /** Set by tryNow(): the next probe starts a young outage's schedule again. */
  #restart = false;

  constructor(options: ConnectionWatchOptions) {
    this.#options = options;
  }

  get online(): boolean {
    return this.#online;
  }

  /** The user chose to work offline: nothing is sent, nothing is probed. */
  get held(): boolean {
    return this.#held;
  }

  /** A request failed for want of a connection (the probe agreed): start watching for it to come back. */
  lost(): void {
    if (!this.#online) return;
    this.#online = false;
    this.#options.onChange();
    if (!this.#watching) void this.#watch();
  }

  /** "Try again now": probe at once, and quickly again after that. */
  tryNow(): void {
    this.#restart = true;
    this.#nap?.abort();
  }

  setHeld(held: boolean): void {
    if (this.#held === held) return;
    this.#held = held;
    if (!held) this.tryNow();
    this.#options.onChange();
  }

  async #watch(): Promise<void> {
    const { probe, sleep, now, policy, signal } = this.#options;
    this.#watching = true;
    let since = now();
    let attempt = 0;
    try {
      while (!this.#online && !signal.aborted) {
        if (this.#restart) {
          this.#restart = false;
          since = now();
          attempt = 0;
        } else {
          // Held: no probing until the user lifts it (a long nap that setHeld(false) cuts short).
          const wait = this.#held ? policy.maxDelayMs : reconnectDelayMs(attempt++, now() - since, policy);
          if (!(await this.#sleep(sleep, wait, signal))) continue;
        }
        if (this.#held || signal.aborted) continue;
        if (await probe().catch(() => false)) {
          this.#online = true;
          this.#options.onChange();
        }
      }
    } finally {
      this.#watching = false;
    }
  }

  /** True when the wait ran out, false when it was cut short (or the watch ended: the loop checks); a failing sleep throws. */
  async #sleep(sleep: ConnectionWatchOptions['sleep'], ms: number, signal: AbortSignal): Promise<boolean> {
    const nap = new AbortController();
    this.#nap = nap;
    const cut = AbortSignal.any([signal, nap.signal]);
    try {
      await sleep(ms, cut);
      return true;
    } catch (thrown) {
      // Only the abort we asked for is a short wait; anything else is a bug, and waiting again would hide it.
      if (cut.aborted) return false;
      throw thrown;
    } finally {
      if (this.#nap === nap) this.#nap = null;
    }
  }
}
