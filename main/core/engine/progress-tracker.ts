// Upload rate, ETA and throttling for one session's progress events. Pure apart from the injected clock.
// Progress is throttled at the source (style guide): at most one event per `minIntervalMs` (250 ms = 4/s),
// plus the events a caller forces (a state change, the final event).

export interface ProgressSample {
  at: number;
  bytes: number;
}

export interface ProgressTrackerOptions {
  now: () => number;
  /** Rate is measured over this much recent history. */
  windowMs?: number;
  minIntervalMs?: number;
}

export class ProgressTracker {
  readonly #now: () => number;
  readonly #windowMs: number;
  readonly #minIntervalMs: number;
  #samples: ProgressSample[] = [];
  #lastEmitAt = Number.NEGATIVE_INFINITY;

  constructor(options: ProgressTrackerOptions) {
    this.#now = options.now;
    this.#windowMs = options.windowMs ?? 5000;
    this.#minIntervalMs = options.minIntervalMs ?? 250;
  }

  /** Records the bytes acknowledged so far (a running total). */
  record(bytes: number): void {
    const at = this.#now();
    this.#samples.push({ at, bytes });
    // Keep one sample older than the window so the rate spans the whole window.
    while (this.#samples.length > 2 && (this.#samples[1]?.at ?? at) <= at - this.#windowMs) this.#samples.shift();
  }

  /**
   * Sending stopped (a retry's backoff, X's rate limit, no connection): the next sample starts a new window,
   * so the wait is not averaged into the rate and the ETA once bytes flow again.
   */
  restart(): void {
    this.#samples = [];
  }

  /** Bytes per second over the window; 0 until two samples exist in time. */
  rate(): number {
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    if (!first || !last || last.at <= first.at) return 0;
    // Never below 0: sent bytes step back when a segment in flight fails and is sent again.
    return Math.max(0, ((last.bytes - first.bytes) * 1000) / (last.at - first.at));
  }

  /** Seconds until `totalBytes` at the current rate, or null when the rate is unknown. */
  eta(totalBytes: number): number | null {
    const last = this.#samples[this.#samples.length - 1];
    const rate = this.rate();
    if (!last || rate <= 0) return null;
    return Math.max(0, Math.ceil((totalBytes - last.bytes) / rate));
  }

  /** Whether an unforced event could go out now (nothing is restarted). */
  due(): boolean {
    return this.#now() - this.#lastEmitAt >= this.#minIntervalMs;
  }

  /** Whether an event may go out now; when it may (or `force`), the throttle restarts. */
  shouldEmit(force = false): boolean {
    const now = this.#now();
    if (!force && now - this.#lastEmitAt < this.#minIntervalMs) return false;
    this.#lastEmitAt = now;
    return true;
  }
}
