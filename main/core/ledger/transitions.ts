// Which state changes a session may make. Pure: the ledger enforces it inside each transition's
// transaction, the engine and the UI ask it before offering an action.
import type { SessionState } from './types.ts';

/** States the engine may be working on (or about to): pause, cancel, failure and expiry apply to them. */
export const ACTIVE_STATES: readonly SessionState[] = ['ready', 'uploading', 'finalizing', 'processing'];
/** States a run left mid-flight: after a crash or close() the engine resumes them. */
export const INTERRUPTED_STATES: readonly SessionState[] = ['uploading', 'finalizing', 'processing'];
/** States a retry starts again from. */
export const RETRYABLE_STATES: readonly SessionState[] = ['failed', 'cancelled', 'expired'];

const FORWARD: Readonly<Partial<Record<SessionState, readonly SessionState[]>>> = {
  draft: ['ready'], // after re-validation passes
  ready: ['uploading', 'draft'], // draft: an edit (category, alt text) that makes the file fail again
  uploading: ['finalizing'],
  finalizing: ['processing', 'succeeded'],
  processing: ['succeeded', 'failed'],
};
// Any active session may fail, be cancelled, expire, or go back to ready (paused / waiting for connection).
const FROM_ACTIVE: readonly SessionState[] = ['failed', 'cancelled', 'expired', 'ready'];

export function canTransition(from: SessionState, to: SessionState): boolean {
  if (from === to) return false;
  if (FORWARD[from]?.includes(to)) return true;
  if (ACTIVE_STATES.includes(from) && FROM_ACTIVE.includes(to)) return true;
  if (RETRYABLE_STATES.includes(from) && to === 'ready') return true;
  return false;
}
