// Turns ledger rows into throttled progress events, one tracker per session (≤ 4 events/s plus forced ones).
import type { Ledger } from '../ledger/ledger.ts';
import { ProgressTracker } from './progress-tracker.ts';
import type { ProgressEvent } from './types.ts';

export class ProgressReporter {
  readonly #ledger: Pick<Ledger, 'getSession'>;
  readonly #now: () => number;
  readonly #emit: (event: ProgressEvent) => void;
  readonly #trackers = new Map<string, ProgressTracker>();

  constructor(ledger: Pick<Ledger, 'getSession'>, now: () => number, emit: (event: ProgressEvent) => void) {
    this.#ledger = ledger;
    this.#now = now;
    this.#emit = emit;
  }

  /** Reports the session's current progress, unless one went out in the last 250 ms (and `force` is false). */
  report(id: string, force = false): void {
    const session = this.#ledger.getSession(id);
    if (!session) return;
    let tracker = this.#trackers.get(id);
    if (!tracker) {
      tracker = new ProgressTracker({ now: this.#now });
      this.#trackers.set(id, tracker);
    }
    tracker.record(session.bytesAcked);
    if (!tracker.shouldEmit(force)) return;
    this.#emit({
      sessionId: id,
      state: session.state,
      bytesSent: session.bytesAcked,
      totalBytes: session.totalBytes,
      segmentsAcked: session.segmentsAcked,
      segmentsTotal: session.segmentsTotal,
      rateBps: Math.round(tracker.rate()),
      etaSec: tracker.eta(session.totalBytes),
      processingPercent: session.processingPercent,
    });
  }

  /** The session ended: its rate history goes. */
  forget(id: string): void {
    this.#trackers.delete(id);
  }
}
