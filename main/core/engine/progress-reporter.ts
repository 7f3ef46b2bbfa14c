// Turns ledger rows into throttled progress events, one tracker per session (≤ 4 events/s plus forced ones).
import type { Ledger } from '../ledger/ledger.ts';
import { ProgressTracker } from './progress-tracker.ts';
import type { EndpointPause, ProgressEvent, RetryWait } from '../../common/progress.ts';

export class ProgressReporter {
  readonly #ledger: Pick<Ledger, 'getSession'>;
  readonly #now: () => number;
  readonly #emit: (event: ProgressEvent) => void;
  readonly #trackers = new Map<string, ProgressTracker>();
  /** Requests of a session waiting to be tried again (several APPENDs may wait at once). */
  readonly #retries = new Map<string, Set<RetryWait>>();
  /** Requests of a session waiting for X's rate-limit window on their endpoint. */
  readonly #rateLimits = new Map<string, Set<EndpointPause>>();

  constructor(ledger: Pick<Ledger, 'getSession'>, now: () => number, emit: (event: ProgressEvent) => void) {
    this.#ledger = ledger;
    this.#now = now;
    this.#emit = emit;
  }

  /**
   * Reports the session's current progress, unless one went out in the last 250 ms (and `force` is false).
   * `inFlightBytes` (bytes of unacked segments already sent) count as sent: the bar moves with the body.
   */
  report(id: string, force = false, inFlightBytes = 0): void {
    let tracker = this.#trackers.get(id);
    // Checked before the ledger is read: in-flight counts arrive every slice sent (node-exchange.ts).
    if (!force && tracker && !tracker.due()) return;
    const session = this.#ledger.getSession(id);
    if (!session) return;
    if (!tracker) {
      tracker = new ProgressTracker({ now: this.#now });
      this.#trackers.set(id, tracker);
    }
    const bytesSent = Math.min(session.totalBytes, session.bytesAcked + inFlightBytes);
    tracker.record(bytesSent);
    if (!tracker.shouldEmit(force)) return;
    const retry = soonest(this.#retries.get(id), (wait) => wait.at);
    const rateLimited = soonest(this.#rateLimits.get(id), (pause) => pause.until);
    this.#emit({
      sessionId: id,
      state: session.state,
      bytesSent,
      totalBytes: session.totalBytes,
      segmentsAcked: session.segmentsAcked,
      segmentsTotal: session.segmentsTotal,
      rateBps: Math.round(tracker.rate()),
      etaSec: tracker.eta(session.totalBytes),
      processingPercent: session.processingPercent,
      ...(retry && { retry }),
      ...(rateLimited && { rateLimited }),
    });
  }

  /** Sending stopped for a while (X's rate limit, no connection): the rate starts afresh when it resumes. */
  stalled(id: string): void {
    this.#trackers.get(id)?.restart();
  }

  /**
   * A request waits to be tried again: said at once (the window counts down to `wait.at`); the returned
   * function says the wait is over. The wait is left out of the rate.
   */
  retrying(id: string, wait: RetryWait): () => void {
    return this.#waiting(this.#retries, id, wait);
  }

  /** A request waits for X's window on its endpoint: said at once, like a retry's wait, and left out of the rate. */
  rateLimited(id: string, pause: EndpointPause): () => void {
    return this.#waiting(this.#rateLimits, id, pause);
  }

  #waiting<T>(waiting: Map<string, Set<T>>, id: string, wait: T): () => void {
    const waits = waiting.get(id) ?? new Set<T>();
    waiting.set(id, waits);
    waits.add(wait);
    this.stalled(id);
    this.report(id, true);
    this.stalled(id); // the forced report's sample is of the wait, not of sending
    return () => {
      waits.delete(wait);
      if (waits.size === 0) waiting.delete(id);
      this.report(id, true);
      this.stalled(id);
    };
  }

  /** The session ended: its rate history goes. */
  forget(id: string): void {
    this.#trackers.delete(id);
    this.#retries.delete(id);
    this.#rateLimits.delete(id);
  }
}

/** The wait that ends first (several requests of one session may wait at once), or null. */
function soonest<T>(waits: Set<T> | undefined, endOf: (wait: T) => number): T | null {
  let first: T | null = null;
  for (const wait of waits ?? []) if (first === null || endOf(wait) < endOf(first)) first = wait;
  return first;
}
