// Which state changes a session may make. Pure: the ledger enforces it inside each transition's
// transaction, the engine and the UI ask it before offering an action.
import type { SessionState } from '../../common/session.ts';
import { ACTIVE_STATES, RETRYABLE_STATES } from '../../common/session-states.ts';

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
