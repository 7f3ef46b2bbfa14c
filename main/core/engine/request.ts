// One request to X, tried again as the retry policy says. The client signs every call afresh (new nonce and
// timestamp, reference §2), so a retry is simply another call.
import { isXferFailure } from '../../common/errors.ts';
import type { XferError } from '../../common/errors.ts';
import type { LimitedEndpoint, RetryWait } from '../../common/progress.ts';
import type { RequestOutcome } from '../../common/request-history.ts';
import { decideRetry } from './retry-policy.ts';
import type { RunContext } from './run-context.ts';
import { MediaGone, Offline } from './run-context.ts';

export interface RequestOptions {
  /** What the request is, for the history: "INIT", "APPEND segment 3", "FINALIZE", … */
  request: string;
  /** The endpoint X counts it against: a 429 pauses that endpoint of the account, and it waits for that one only. */
  endpoint: LimitedEndpoint;
  /** Record the success too (APPENDs are not: their acks are the segments, and a 1 GB file has 200). */
  recordSuccess?: boolean;
  signal?: AbortSignal;
}

/**
 * Runs `call` until it succeeds, the error is final, attempts run out, or `signal` aborts.
 * - rate_limited: pauses the account's endpoint until X's reset and waits (does not use up an attempt);
 * - network: asks the probe; unreachable → Offline (the session waits for a connection), reachable → back off;
 * - not_found_or_expired: MediaGone (the run starts over with INIT);
 * - anything else retryable backs off with full jitter, growing with this request's failures only while the
 *   account's other requests fail too (failure-streak.ts); non-retryable errors are thrown as they came.
 * Every failure (and, unless told otherwise, the success) goes into the session's request history.
 */
export async function callWithRetry<T>(
  context: RunContext,
  call: (signal: AbortSignal) => Promise<T>,
  options: RequestOptions,
): Promise<T> {
  const { now, sleep, random, retry, probe } = context.options;
  const signal = options.signal ?? context.signal;
  // `at` is passed in when the next attempt's time was reckoned from it, so nextAt is never before at.
  const record = (
    error: XferError | null,
    outcome: RequestOutcome,
    next: RetryWait | null = null,
    at: number = now(),
  ): void =>
    context.requested({
      at,
      request: options.request,
      outcome,
      status: error?.status ?? null,
      errorKind: error?.kind ?? null,
      message: error?.message ?? null,
      nextAttempt: next && next.attempt > 0 ? next.attempt : null,
      nextAt: next?.at ?? null,
    });
  let failures = 0;
  for (;;) {
    await waitForEndpoint(context, options.endpoint, signal);
    signal.throwIfAborted();
    const answered = context.requesting();
    try {
      const value = await call(signal).finally(answered);
      context.failures.succeeded();
      if (options.recordSuccess !== false) record(null, 'ok');
      return value;
    } catch (thrown) {
      signal.throwIfAborted();
      if (!isXferFailure(thrown)) throw thrown;
      const error: XferError = thrown.error;
      if (error.kind === 'not_found_or_expired') {
        record(error, 'failed');
        throw new MediaGone(error.message);
      }
      // A lost connection asks whether X is reachable at all, while the backoff already runs: a retry waits
      // for the longer of the two, not for one after the other.
      const reachable = error.kind === 'network' ? probe().catch(() => false) : null;
      // A 429 is the window, not X's health: it neither grows nor ends the account's streak.
      const streak = error.kind === 'rate_limited' ? failures + 1 : context.failures.failed();
      const failedAt = now();
      const decision = decideRetry(error, failures + 1, retry, random, failedAt, streak);
      const backoff = decision.action === 'retry' ? startBackoff(sleep, decision.delayMs, signal) : null;
      if (reachable && !(await reachable)) {
        backoff?.cancel();
        record(error, 'offline');
        throw new Offline(error.message);
      }
      context.options.log.warn('request.failed', {
        session: context.sessionId,
        kind: error.kind,
        status: error.status,
        message: error.message,
        attempt: failures + 1,
        then: decision.action,
        delayMs: decision.action === 'retry' ? decision.delayMs : undefined,
        until: decision.action === 'wait_until' ? new Date(decision.until).toISOString() : undefined,
      });
      if (decision.action === 'give_up') {
        record(error, 'failed');
        throw thrown;
      }
      if (decision.action === 'wait_until') {
        record(error, 'rate_limited', { attempt: 0, at: decision.until });
        context.pauseEndpoint(options.endpoint, decision.until);
        continue;
      }
      failures++;
      const wait: RetryWait = { attempt: failures + 1, at: failedAt + decision.delayMs };
      record(error, 'retry', wait, failedAt);
      const done = context.retrying(wait);
      try {
        await backoff?.ended;
      } finally {
        done();
      }
    }
  }
}

/** A retry's delay, begun now; `cancel` ends it early (the connection is gone: the run waits for it instead). */
function startBackoff(
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  delayMs: number,
  signal: AbortSignal,
): { ended: Promise<void>; cancel: () => void } {
  const cancelled = new AbortController();
  const ended = sleep(delayMs, AbortSignal.any([signal, cancelled.signal]));
  ended.catch(() => undefined); // awaited when the retry goes; a cancelled one is never awaited
  return { ended, cancel: () => cancelled.abort() };
}

/** Waits while X's window for this endpoint of the account is spent (shown on the session as it waits). */
async function waitForEndpoint(context: RunContext, endpoint: LimitedEndpoint, signal: AbortSignal): Promise<void> {
  for (;;) {
    const until = context.endpointPausedUntil(endpoint);
    const wait = until === null ? 0 : until - context.options.now();
    if (wait <= 0) return;
    const done = context.rateLimited({ endpoint, until: until! });
    try {
      await context.options.sleep(wait, signal);
    } finally {
      done();
    }
  }
}
