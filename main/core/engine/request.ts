// One request to X, tried again as the retry policy says. The client signs every call afresh (new nonce and
// timestamp, reference §2), so a retry is simply another call.
import { isXferFailure } from '../../common/errors.ts';
import type { XferError } from '../../common/errors.ts';
import { decideRetry } from './retry-policy.ts';
import type { RunContext } from './run-context.ts';
import { MediaGone, Offline } from './run-context.ts';

/**
 * Runs `call` until it succeeds, the error is final, attempts run out, or `signal` aborts.
 * - rate_limited: pauses the account until X's reset and waits (does not use up an attempt);
 * - network: asks the probe; unreachable → Offline (the session waits for a connection), reachable → back off;
 * - not_found_or_expired: MediaGone (the run starts over with INIT);
 * - anything else retryable backs off with full jitter; non-retryable errors are thrown as they came.
 */
export async function callWithRetry<T>(
  context: RunContext,
  call: (signal: AbortSignal) => Promise<T>,
  signal: AbortSignal = context.signal,
): Promise<T> {
  const { now, sleep, random, retry, probe } = context.options;
  let failures = 0;
  for (;;) {
    await waitForAccount(context, signal);
    signal.throwIfAborted();
    try {
      return await call(signal);
    } catch (thrown) {
      signal.throwIfAborted();
      if (!isXferFailure(thrown)) throw thrown;
      const error: XferError = thrown.error;
      if (error.kind === 'not_found_or_expired') throw new MediaGone(error.message);
      if (error.kind === 'network' && !(await probe().catch(() => false))) throw new Offline(error.message);
      const decision = decideRetry(error, failures + 1, retry, random, now());
      if (decision.action === 'give_up') throw thrown;
      if (decision.action === 'wait_until') {
        context.pauseAccount(decision.until);
        continue;
      }
      failures++;
      await sleep(decision.delayMs, signal);
    }
  }
}

async function waitForAccount(context: RunContext, signal: AbortSignal): Promise<void> {
  for (;;) {
    const until = context.accountPausedUntil();
    const wait = until === null ? 0 : until - context.options.now();
    if (wait <= 0) return;
    await context.options.sleep(wait, signal);
  }
}
