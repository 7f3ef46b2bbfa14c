// How a run's end is recorded, decided from plain data: what the run returned, why the engine stopped it
// (if it did), and the session's state now. Pure; the engine applies the step to the ledger and the queue.
import type { XferError } from '../../common/errors.ts';
import type { SessionState } from '../../common/session.ts';
import type { SessionEnd } from './batches.ts';
import type { RunOutcome } from './upload-run.ts';

/** hold: the user chose to work offline, so running sessions wait as if the connection were lost. */
export type StopReason = 'cancel' | 'pause' | 'hold' | 'close';

export type SettlementStep =
  /** The run already wrote its end (succeeded), or close() left the session as it was for the next start. */
  | { step: 'none' }
  | { step: 'fail'; error: XferError }
  /** The API is unreachable (`lost`) or the user works offline: back to ready (or stay with X) and wait, first in line. */
  | { step: 'wait_for_connection'; lost: boolean }
  /** The ledger could not be written for want of space: wait for room, first in line. */
  | { step: 'wait_for_space'; error: XferError }
  | { step: 'cancel' }
  /** Paused while sending: uploading → ready, with the paused notice. */
  | { step: 'pause_upload' }
  /** Paused before it started sending: stays ready, with the paused notice. */
  | { step: 'mark_paused' }
  /** X already had the whole file when the pause landed: nothing left to pause, so it goes on. */
  | { step: 'requeue' };

export interface Settlement {
  step: SettlementStep;
  /** How the session's batch counts it; null when it is not over (it waits or goes on). */
  end: SessionEnd | null;
}

export function settlement(outcome: RunOutcome, stop: StopReason | null, state: SessionState): Settlement {
  if (outcome.kind === 'succeeded') return { step: { step: 'none' }, end: 'succeeded' };
  if (outcome.kind === 'failed') return { step: { step: 'fail', error: outcome.error }, end: 'failed' };
  if (outcome.kind === 'offline') return { step: { step: 'wait_for_connection', lost: true }, end: null };
  if (stop === 'hold') return { step: { step: 'wait_for_connection', lost: false }, end: null };
  if (outcome.kind === 'disk_full') return { step: { step: 'wait_for_space', error: outcome.error }, end: null };
  if (stop === 'cancel') return { step: { step: 'cancel' }, end: 'other' };
  if (stop === 'pause') {
    if (state === 'uploading') return { step: { step: 'pause_upload' }, end: 'other' };
    if (state === 'ready') return { step: { step: 'mark_paused' }, end: 'other' };
    return { step: { step: 'requeue' }, end: null };
  }
  return { step: { step: 'none' }, end: null }; // close: left as it was, resumed by the next start()
}
