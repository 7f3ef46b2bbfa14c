// How many APPENDs one account keeps in flight, adapted to the link. Pure: it sees only what the engine
// tells it (each APPEND's start, end and bytes; stalls and 429s) with their timestamps.
//
// It measures goodput (acknowledged bytes per second) over rounds: a round is `limit` APPENDs that
// started after the limit took effect, so every sample in it ran at that concurrency. While a round beats
// the best one by GAIN, the limit grows (doubling until the first round that does not, then one at a
// time). A round no better than the best goes back to the best limit and holds (rounds at the same
// goodput with fewer requests in flight cost less memory and less contention), and probes one higher
// again after PROBE_AFTER_ROUNDS. A stall (a request with no answer in time) halves the limit and forgets the
// best (the link changed); so does a round under half the best. The stalls of requests that started before the
// last halving are the same full link, already answered: like TCP's one reduction per window, they do not halve
// again (16 requests timing out together leave 8, not 1). A request lost to a 5xx or a cut connection is
// not a congestion signal (X answered, or the path dropped one request): the engine retries it after its own
// backoff and does not report it, so random losses do not collapse the limit as they collapse TCP Reno's window.
// A 429 only blocks starts until X's reset: a spent window says nothing about the link, and a round that X's
// budget held below the limit decides nothing (it measured the budget). Bounds: MIN..MAX, never
// more than the memory budget allows (limit × chunk bytes), and never more requests in flight than the per-user budget X's rate-limit headers report left in the
// window: every request in flight may be one X has not counted yet, so keeping in flight ≤ remaining never
// spends past the budget, and none starts while it is 0 (until the window resets).

export const MIN_IN_FLIGHT = 1;
export const MAX_IN_FLIGHT = 16;
/**
 * A fresh account's start. 8, not 4: the doubling rounds from 4 took all of a 100 MB upload's 20 segments
 * (the bench: 0.75–0.82 × the best fixed setting on every link), and 8 was the best fixed on loopback and
 * half the best on the latency links (peak RSS at a fixed 8: 116 MB, within the 150 MB goal).
 */
export const DEFAULT_IN_FLIGHT = 8;
/** A round must beat the best by this fraction to count as rising (goodput on a real link is noisy). */
export const GAIN = 0.1;
/** A round below this fraction of the best is a collapse, handled like a stall. */
export const COLLAPSE = 0.5;
/** Rounds held at the best limit before trying one more in flight. */
export const PROBE_AFTER_ROUNDS = 4;

export interface ControllerOptions {
  /** Where to start: the account's last good value (ledger), else DEFAULT_IN_FLIGHT. */
  initial?: number | null;
  /** The largest APPEND body: with `memoryBudgetBytes`, caps the limit. */
  chunkBytes: number;
  /** Bytes of APPEND bodies the account may have in flight at once (default MAX_IN_FLIGHT × chunk). */
  memoryBudgetBytes?: number;
}

export type ControllerEvent =
  /** An APPEND was acknowledged: it started at `startedAt` and carried `bytes`. */
  | { kind: 'acked'; startedAt: number; endedAt: number; bytes: number }
  /** An attempt got no answer in time: the link is full, back off. */
  | { kind: 'stall'; at: number; startedAt?: number }
  /** X answered 429: nothing starts until `resetAt` (from its headers when it sent them). */
  | { kind: 'rate_limited'; at: number; resetAt?: number }
  /** X's headers on any answer: requests left for this user in the window, and when it resets. */
  | { kind: 'budget'; at: number; remaining: number; resetAt: number };

interface Round {
  limit: number;
  startedAt: number;
  bytes: number;
  samples: number;
  lastEnd: number;
  /** X's budget held some of it below `limit`: its goodput says nothing about the link at `limit`. */
  clamped: boolean;
}

export class InFlightController {
  readonly #memoryCap: number;
  #limit: number;
  #slowStart = true;
  #best: { limit: number; goodput: number } | null = null;
  #heldRounds = 0;
  #round: Round;
  #budget: { remaining: number; resetAt: number } | null = null;
  /** When the limit was last halved: stalls of requests started before it were answered by it. */
  #backedOffAt = -Infinity;

  constructor(options: ControllerOptions, startedAt = 0) {
    const chunk = Math.max(1, options.chunkBytes);
    const budget = options.memoryBudgetBytes ?? MAX_IN_FLIGHT * chunk;
    this.#memoryCap = clamp(Math.floor(budget / chunk));
    this.#limit = Math.min(clamp(options.initial ?? DEFAULT_IN_FLIGHT), this.#memoryCap);
    // A remembered value was good on this account's link already: grow from it one at a time.
    if (options.initial != null) this.#slowStart = false;
    this.#round = this.#newRound(startedAt);
  }

  /** APPENDs the account may have in flight at `at`: 0 while X's budget for the window is spent. */
  limit(at: number): number {
    const limit = Math.min(this.#limit, this.#memoryCap);
    const budget = this.#budgetAt(at);
    return budget === null ? limit : Math.min(limit, budget.remaining);
  }

  /** When the spent budget comes back (X's reset), while nothing may start because of it; else null. */
  blockedUntil(at: number): number | null {
    const budget = this.#budgetAt(at);
    return budget !== null && budget.remaining === 0 ? budget.resetAt : null;
  }

  #budgetAt(at: number): { remaining: number; resetAt: number } | null {
    return this.#budget && at < this.#budget.resetAt ? this.#budget : null;
  }

  /**
   * The freshest budget: within one window the smallest remaining (answers can arrive out of order, and
   * an earlier request's answer reports more left than a later one's); a later window replaces it.
   */
  #learnBudget(remaining: number, resetAt: number): void {
    const current = this.#budget;
    if (current && resetAt === current.resetAt) current.remaining = Math.min(current.remaining, remaining);
    else if (!current || resetAt > current.resetAt) this.#budget = { remaining, resetAt };
  }

  /** The limit of the best round measured so far (what the ledger keeps), or the current one. */
  lastGood(): number {
    return this.#best?.limit ?? this.#limit;
  }

  observe(event: ControllerEvent): void {
    switch (event.kind) {
      case 'acked':
        this.#acked(event);
        return;
      case 'stall':
        // The attempt's start (when the engine gives it): one that began before the last halving was answered by it.
        if (event.startedAt !== undefined && event.startedAt < this.#backedOffAt) return;
        this.#backOff(event.at);
        return;
      case 'rate_limited':
        this.#budget = { remaining: 0, resetAt: event.resetAt ?? event.at };
        this.#round.clamped = true;
        return;
      case 'budget':
        this.#learnBudget(Math.max(0, Math.trunc(event.remaining)), event.resetAt);
        if (this.#clampedAt(event.at)) this.#round.clamped = true;
        return;
    }
  }

  #newRound(at: number): Round {
    return { limit: this.#limit, startedAt: at, bytes: 0, samples: 0, lastEnd: at, clamped: this.#clampedAt(at) };
  }

  /** Whether X's budget keeps fewer than the limit in flight at `at`. */
  #clampedAt(at: number): boolean {
    const budget = this.#budgetAt(at);
    return budget !== null && budget.remaining < this.#limit;
  }

  #acked(event: Extract<ControllerEvent, { kind: 'acked' }>): void {
    const round = this.#round;
    // Started under an earlier limit: it says nothing about this one.
    if (event.startedAt < round.startedAt) return;
    round.bytes += event.bytes;
    round.samples += 1;
    round.lastEnd = Math.max(round.lastEnd, event.endedAt);
    if (round.samples < round.limit) return;
    const seconds = (round.lastEnd - round.startedAt) / 1000;
    if (seconds <= 0) return;
    // A round X's budget held down measured the budget, not the link: it decides nothing.
    if (!round.clamped) this.#decide(round.bytes / seconds);
    this.#round = this.#newRound(round.lastEnd);
  }

  #decide(goodput: number): void {
    const limit = this.#round.limit;
    const best = this.#best;
    if (!best || goodput > best.goodput * (1 + GAIN)) {
      this.#best = { limit, goodput };
      this.#heldRounds = 0;
      this.#limit = this.#bounded(this.#slowStart ? limit * 2 : limit + 1);
      return;
    }
    // Far below the best: the link got worse under us (another sender, a congested path).
    if (goodput < best.goodput * COLLAPSE) {
      this.#backOff(this.#round.lastEnd);
      return;
    }
    this.#slowStart = false;
    if (limit === best.limit) best.goodput = Math.max(best.goodput, goodput);
    this.#limit = best.limit;
    this.#heldRounds += 1;
    if (this.#heldRounds >= PROBE_AFTER_ROUNDS) {
      this.#heldRounds = 0;
      this.#limit = this.#bounded(best.limit + 1);
    }
  }

  #bounded(value: number): number {
    return Math.min(clamp(value), this.#memoryCap);
  }

  #backOff(at: number): void {
    this.#limit = this.#bounded(Math.floor(this.#limit / 2));
    this.#slowStart = false;
    this.#best = null;
    this.#heldRounds = 0;
    this.#backedOffAt = at;
    this.#round = this.#newRound(at);
  }
}

function clamp(value: number): number {
  if (!Number.isFinite(value)) return MIN_IN_FLIGHT;
  return Math.min(MAX_IN_FLIGHT, Math.max(MIN_IN_FLIGHT, Math.trunc(value)));
}
