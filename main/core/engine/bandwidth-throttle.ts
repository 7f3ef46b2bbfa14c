// The upload bandwidth cap (`--bwlimit`, the bandwidthLimit preference): one token bucket for every byte of
// file the engine streams, shared by all uploads of the process. A request takes tokens slice by slice as it
// writes its body (main/core/x-api/http-exchange.ts), so the rate stays smooth instead of bursting a whole
// 5 MiB APPEND. The older request goes first: under a cap the in-flight APPENDs finish one after another at
// the full rate, rather than all crawling at a fraction of it until every one of them outlasts the server's
// patience for a request.
import { setTimeout as delay } from 'node:timers/promises';
import type { BytePacer } from '../x-api/types.ts';

/** The bucket holds this much of a second's bytes: a short burst, no more. */
const BURST_SECONDS = 0.25;

export interface ThrottleOptions {
  /** Bytes per second, or null for no cap. */
  limit?: number | null;
  now?: () => number;
  /** Must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

interface Waiter {
  ticket: number;
  bytes: number;
  signal: AbortSignal | undefined;
  resolve(): void;
  reject(reason: unknown): void;
}

export class BandwidthThrottle {
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  #limit: number | null = null;
  #tokens = 0;
  #refilledAt = 0;
  #waiters: Waiter[] = [];
  #draining = false;
  #wake: AbortController | null = null;
  #nextTicket = 0;

  constructor(options: ThrottleOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? ((ms, signal) => delay(Math.max(0, ms), undefined, { signal }));
    this.setLimit(options.limit ?? null);
  }

  get limit(): number | null {
    return this.#limit;
  }

  /** A new cap applies at once, to requests already waiting too. */
  setLimit(bytesPerSecond: number | null): void {
    this.#refill();
    const before = this.#limit;
    this.#limit = bytesPerSecond !== null && bytesPerSecond > 0 ? bytesPerSecond : null;
    // A cap newly set starts with a full bucket; a changed one keeps what is left, within the new size.
    this.#tokens = before === null ? this.#capacity() : Math.min(this.#tokens, this.#capacity());
    this.#wake?.abort();
  }

  /** One request's pacer: its place in line is taken now, so it goes before requests that start later. */
  pacer(): BytePacer {
    const ticket = this.#nextTicket++;
    return { take: (bytes, signal) => this.#take(ticket, bytes, signal), capped: () => this.#limit !== null };
  }

  #take(ticket: number, bytes: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.#limit === null || bytes <= 0) return Promise.resolve();
    signal?.throwIfAborted();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { ticket, bytes, signal, resolve, reject };
      const at = this.#waiters.findIndex((other) => other.ticket > ticket);
      this.#waiters.splice(at === -1 ? this.#waiters.length : at, 0, waiter);
      signal?.addEventListener('abort', () => this.#drop(waiter, signal.reason), { once: true });
      void this.#drain();
    });
  }

  #drop(waiter: Waiter, reason: unknown): void {
    const at = this.#waiters.indexOf(waiter);
    if (at === -1) return;
    this.#waiters.splice(at, 1);
    waiter.reject(reason);
    this.#wake?.abort();
  }

  /** Serves the line in ticket order as tokens come; one drain runs at a time. */
  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#waiters.length > 0) {
        const head = this.#waiters[0]!;
        if (this.#limit === null) {
          this.#waiters.shift();
          head.resolve();
          continue;
        }
        this.#refill();
        // A slice bigger than the bucket goes once the bucket is full, leaving it in debt.
        const needed = Math.min(head.bytes, this.#capacity());
        if (this.#tokens >= needed) {
          this.#tokens -= head.bytes;
          this.#waiters.shift();
          head.resolve();
          continue;
        }
        const wake = (this.#wake = new AbortController());
        await this.#sleep(((needed - this.#tokens) / this.#limit) * 1000, wake.signal).catch(() => undefined);
      }
    } finally {
      this.#wake = null;
      this.#draining = false;
    }
  }

  #capacity(): number {
    return this.#limit === null ? 0 : Math.max(1, this.#limit * BURST_SECONDS);
  }

  #refill(): void {
    const now = this.#now();
    if (this.#limit !== null)
      this.#tokens = Math.min(this.#capacity(), this.#tokens + ((now - this.#refilledAt) / 1000) * this.#limit);
    this.#refilledAt = now;
  }
}
