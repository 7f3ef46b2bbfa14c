// APPENDs of one upload, several in flight, each read by the client from disk by byte range (the engine never
// holds the file). A segment counts only once the ledger has recorded its ack, so a crash at any point
// resends at most the segments in flight (re-sending an index replaces it, reference §1).
import { isXferFailure } from '../../common/errors.ts';
import type { Session } from '../../common/session.ts';
import type { RateBudget } from '../x-api/types.ts';
import { segmentRange } from './chunk-plan.ts';
import { MAX_IN_FLIGHT } from './in-flight-controller.ts';
import { callWithRetry } from './request.ts';
import type { RunContext } from './run-context.ts';

/** Sends every segment the ledger has no ack for. Throws the first final error after stopping the others. */
export async function appendMissing(
  context: RunContext,
  session: Session,
  mediaId: string,
  segmentHashes: readonly string[],
): Promise<void> {
  const { ledger, concurrency } = context.options;
  const acked = new Set(ledger.ackedSegments(session.id));
  const pending: number[] = [];
  for (let index = 0; index < session.segmentsTotal; index++) if (!acked.has(index)) pending.push(index);
  if (pending.length === 0) return;

  const plan = { chunkSize: session.chunkSize, segmentsTotal: session.segmentsTotal };
  // Bytes of each segment in flight that have gone out: progress moves as the body goes, not only per ack.
  const inFlight = new Map<number, number>();
  const inFlightBytes = (): number => {
    let sum = 0;
    for (const bytes of inFlight.values()) sum += bytes;
    return sum;
  };
  const stopSiblings = new AbortController();
  const signal = AbortSignal.any([context.signal, stopSiblings.signal]);
  let next = 0;
  let failure: { error: unknown } | null = null;

  const { appends } = context;
  const { now } = context.options;
  /**
   * What an attempt's failure tells the account's controller: a 429 (the window is spent), or a stall (no
   * answer in time: the link is full). A 5xx or a cut connection is one request lost, not a full link: it is
   * retried after its own backoff, and only the goodput the controller measures may lower the limit for it.
   */
  const observeFailure = (thrown: unknown, startedAt: number): void => {
    if (!appends || !isXferFailure(thrown)) return;
    const { kind, until, timedOut } = thrown.error;
    if (kind === 'rate_limited') appends.observe({ kind: 'rate_limited', at: now(), ...(until && { resetAt: until }) });
    else if (kind === 'network' && timedOut) appends.observe({ kind: 'stall', at: now(), startedAt });
  };

  const worker = async (): Promise<void> => {
    while (next < pending.length && !signal.aborted) {
      // The account's permit for the attempt in flight: a segment waiting for its retry holds none, so the
      // account's other segments go meanwhile, and the retry asks again, ahead of segments not yet tried.
      let permit: (() => void) | null = null;
      const release = (): void => {
        permit?.();
        permit = null;
      };
      if (appends) {
        try {
          permit = await appends.acquire(session.id, signal);
        } catch {
          return; // aborted while waiting: the stop is reported below
        }
        if (next >= pending.length || signal.aborted) {
          release();
          return;
        }
      }
      const index = pending[next++] as number;
      const range = segmentRange(plan, session.totalBytes, index);
      inFlight.set(index, 0);
      let startedAt = now();
      try {
        await callWithRetry(
          context,
          async (attemptSignal) => {
            if (appends && !permit) permit = await appends.acquire(session.id, attemptSignal, { retry: true });
            startedAt = now();
            try {
              return await context.client.append(
                mediaId,
                index,
                { path: session.file, start: range.start, length: range.length, expectedHash: segmentHashes[index] },
                {
                  signal: attemptSignal,
                  pace: context.options.throttle.pacer(),
                  // X's count of this user's APPENDs left in the window: the controller keeps within it.
                  ...(appends && {
                    onRateBudget: (budget: RateBudget) => appends.observe({ kind: 'budget', at: now(), ...budget }),
                  }),
                  onBytesSent: (bytes) => {
                    if (!inFlight.has(index)) return; // a late count for a segment already acked or failed
                    inFlight.set(index, bytes);
                    context.progress(false, inFlightBytes());
                  },
                },
              );
            } catch (thrown) {
              observeFailure(thrown, startedAt);
              throw thrown;
            } finally {
              release();
            }
          },
          { request: `APPEND segment ${index}`, endpoint: 'append', recordSuccess: false, signal },
        );
      } catch (error) {
        release();
        inFlight.delete(index);
        failure ??= { error };
        stopSiblings.abort();
        return;
      }
      inFlight.delete(index);
      ledger.ackSegment(session.id, index, range.length);
      appends?.observe({ kind: 'acked', startedAt, endedAt: now(), bytes: range.length });
      context.progress(false, inFlightBytes());
    }
  };

  // Adaptive: as many workers as the controller could ever allow; the account's permits decide how many run.
  const workers = Math.min(appends ? MAX_IN_FLIGHT : concurrency.appendsPerUpload, pending.length);
  await Promise.all(Array.from({ length: workers }, worker));
  context.signal.throwIfAborted();
  if (failure) throw (failure as { error: unknown }).error;
}
