import { describe, expect, it } from 'vitest';
import { xferError } from '../../../main/common/errors.ts';
import { backoffDelay, decideRetry, rateLimitUntil } from '../../../main/core/engine/retry-policy.ts';

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

describe('backoffDelay (full jitter)', () => {
  it('draws uniformly below an exponential cap', () => {
    expect(backoffDelay(1, policy, () => 0.5)).toBe(50);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(100);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
  });

  it('never exceeds the maximum delay', () => {
    expect(backoffDelay(20, policy, () => 0.999)).toBeLessThan(1000);
  });

  it('can be zero (full jitter spreads from 0)', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });
});

describe('decideRetry', () => {
  const now = 1_000_000;

  it('retries a server error with backoff until the attempts run out', () => {
    const error = xferError('server', 'Over capacity', { status: 503 });
    expect(decideRetry(error, 1, policy, () => 0.5, now)).toEqual({ action: 'retry', delayMs: 50 });
    expect(decideRetry(error, 4, policy, () => 0.5, now)).toEqual({ action: 'give_up' });
  });

  it("backs off by the account's failures in a row when they are fewer than the request's own", () => {
    const error = xferError('server', 'Over capacity', { status: 503 });
    // Third failure of this request, but the account's other requests succeeded in between: X is up, this one
    // was unlucky, so it goes again within the first delay's cap.
    expect(decideRetry(error, 3, policy, () => 0.999, now, 1)).toEqual({ action: 'retry', delayMs: 99 });
    // Everything the account sends fails (an outage): the backoff grows as the request's own failures say.
    expect(decideRetry(error, 3, policy, () => 0.999, now, 7)).toEqual({ action: 'retry', delayMs: 399 });
    expect(decideRetry(error, 3, policy, () => 0.999, now)).toEqual({ action: 'retry', delayMs: 399 });
    expect(decideRetry(error, 4, policy, () => 0.999, now, 1)).toEqual({ action: 'give_up' });
  });

  it('retries a network error', () => {
    expect(decideRetry(xferError('network', 'reset'), 1, policy, () => 0, now).action).toBe('retry');
  });

  it('gives up at once on an error that is not retryable', () => {
    expect(decideRetry(xferError('validation', 'bad'), 1, policy, () => 0, now)).toEqual({ action: 'give_up' });
    expect(decideRetry(xferError('auth', 'bad token'), 1, policy, () => 0, now)).toEqual({ action: 'give_up' });
  });

  it('follows the retryable flag over the kind', () => {
    const error = xferError('server', 'final', { retryable: false });
    expect(decideRetry(error, 1, policy, () => 0, now)).toEqual({ action: 'give_up' });
  });

  it('waits for a rate limit until its reset time, whatever the attempt count', () => {
    const error = xferError('rate_limited', 'Too Many Requests', { until: now + 5000 });
    expect(decideRetry(error, 99, policy, () => 0, now)).toEqual({ action: 'wait_until', until: now + 5000 });
  });

  it('waits a second, not a minute, for a reset already past when the answer is read', () => {
    const error = xferError('rate_limited', 'Too Many Requests', { until: now - 200 });
    expect(rateLimitUntil(error, now)).toBe(now + 1000);
  });

  it('waits a minute for a rate limit that gave no reset time', () => {
    expect(rateLimitUntil(xferError('rate_limited', '429'), now)).toBe(now + 60_000);
  });
});
