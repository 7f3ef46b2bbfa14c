// Fault injection with a seeded PRNG: the same seed and the same order of eligible requests give
// the same faults, so a failing test run can be replayed. Only the upload commands
// (INIT, APPEND, FINALIZE, STATUS in either dialect) and the posts routes are eligible; who-am-I,
// metadata and the PIN login never fail, so a client can always authenticate and inspect its account.
// `500-after-store` and `drop-after-store` let the request take effect, then lose the answer: the
// client cannot know whether it worked (for a post, the case exactly-once sending exists for).

// `early-503` is a loaded front end's answer: a 503 sent as soon as the request's head arrives, before any
// of the body is read, then its side of the connection closed and the rest of the body never read.
export type FaultKind = '503' | '429' | 'drop' | '500-after-store' | 'drop-after-store' | 'early-503';
export const FAULT_KINDS: readonly FaultKind[] = [
  '503',
  '429',
  'drop',
  '500-after-store',
  'drop-after-store',
  'early-503',
];

export interface FaultOptions {
  /** Probability in [0, 1] that an eligible request fails. */
  rate: number;
  seed: number;
  kinds?: FaultKind[];
  /**
   * Seconds from an injected 429 to its `x-rate-limit-reset` (default 0: the next whole unix second, as a
   * burst limit answers; the sandbox's real per-window limits are apart, in rate-limit.ts).
   */
  resetSeconds?: number;
}

/** mulberry32: small, fast, good enough for test faults, and deterministic. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultPlan {
  /** The fault for the next eligible request, or null. Draws from the PRNG every call. */
  next(): FaultKind | null;
  /** Seconds from an injected 429 to its window's reset. */
  resetSeconds: number;
}

const DEFAULT_RESET_SECONDS = 0;

export function createFaultPlan(options: FaultOptions | null | undefined): FaultPlan {
  if (!options || options.rate <= 0) return { next: () => null, resetSeconds: DEFAULT_RESET_SECONDS };
  if (options.rate > 1 || Number.isNaN(options.rate)) throw new RangeError('fault rate must be between 0 and 1');
  const kinds = options.kinds?.length ? options.kinds : FAULT_KINDS;
  const random = seededRandom(options.seed);
  return {
    resetSeconds: options.resetSeconds ?? DEFAULT_RESET_SECONDS,
    next() {
      const roll = random();
      const pick = random();
      if (roll >= options.rate) return null;
      return kinds[Math.floor(pick * kinds.length)] ?? null;
    },
  };
}
