// Which actions fit which session state (the ledger's transitions decide; these only choose buttons).
import type { SessionState } from '../../../main/core/ledger/types.ts';

export const ACTIVE_STATES: ReadonlySet<SessionState> = new Set(['uploading', 'finalizing', 'processing']);
export const RETRYABLE_STATES: ReadonlySet<SessionState> = new Set(['failed', 'cancelled', 'expired', 'draft']);
export const CANCELLABLE_STATES: ReadonlySet<SessionState> = new Set([
  'ready',
  'uploading',
  'finalizing',
  'processing',
]);
/** Pause stops sending and keeps what X acknowledged; once finalizing, X has the whole file and there is nothing to pause. */
export const PAUSABLE_STATES: ReadonlySet<SessionState> = new Set(['uploading']);
