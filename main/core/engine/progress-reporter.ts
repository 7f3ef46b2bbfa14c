// Turns ledger rows into throttled progress events, one tracker per session (≤ 4 events/s plus forced ones).
import type { Ledger } from '../ledger/ledger.ts';
import { ProgressTracker } from './progress-tracker.ts';
import type { ProgressEvent } from '../../common/progress.ts';

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

  /**
   * Reports the session's current progress, unless one went out in the last 250 ms (and `force` is false).
   * `inFlightBytes` (bytes of unacked segments already sent) count as sent: the bar moves with the body.
   */
  report(id: string, force = false, inFlightBytes = 0): void {
    let tracker = this.#trackers.get(id);
    // Checked before the ledger is read: in-flight counts arrive every 256 KiB sent.
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
    });
  }

  /** The session ended: its rate history goes. */
  forget(id: string): void {
    this.#trackers.delete(id);
  }
}
