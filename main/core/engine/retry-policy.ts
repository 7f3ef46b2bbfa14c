// When to try a request again, and how long to wait first. Pure: randomness and the clock are parameters.
// Exponential backoff with full jitter (a uniformly random wait between 0 and the exponential cap), so that
// many uploads failing together do not retry together. Reference §2: 5xx and dropped connections are
// retryable, a 429 waits until the account's window resets.
import type { XferError } from '../../common/errors.ts';

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 };

export type RetryDecision =
  { action: 'retry'; delayMs: number } | { action: 'wait_until'; until: number } | { action: 'give_up' };

/** Full jitter: random in [0, min(maxDelay, base · 2^(attempt-1))). `attempt` counts failures so far (1 = first). */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const exponent = Math.max(0, attempt - 1);
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 30));
  return Math.floor(random() * cap);
}

/**
 * A reset already past when the answer is read: the window ended while the answer travelled (X's reset is a
 * whole unix second, a burst limit's is the next one) or the clocks differ. Try again soon, not in a minute.
 */
const PAST_RESET_WAIT_MS = 1000;

/** When a rate-limited account may send again: X's reset time, or a backoff when X gave none. */
export function rateLimitUntil(error: XferError, now: number, fallbackMs = 60_000): number {
  if (error.until === undefined) return now + fallbackMs;
  return error.until > now ? error.until : now + Math.min(PAST_RESET_WAIT_MS, fallbackMs);
}

/**
 * What to do after `error` on the `attempt`-th try of one request.
 * rate_limited waits for the window and does not use up attempts (the caller decides whether to count it);
 * other retryable errors back off until `maxAttempts`; non-retryable errors give up at once.
 * `streak`: the account's requests failed in a row, this one included (failure-streak.ts). The backoff grows
 * with the smaller of the two: when the account's other requests succeed between this one's failures, X is
 * answering and a random loss does not earn a longer wait; under an outage both grow together.
 */
export function decideRetry(
  error: XferError,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  now: number,
  streak = attempt,
): RetryDecision {
  if (!error.retryable) return { action: 'give_up' };
  if (error.kind === 'rate_limited') return { action: 'wait_until', until: rateLimitUntil(error, now) };
  if (attempt >= policy.maxAttempts) return { action: 'give_up' };
  return { action: 'retry', delayMs: backoffDelay(Math.max(1, Math.min(attempt, streak)), policy, random) };
}
