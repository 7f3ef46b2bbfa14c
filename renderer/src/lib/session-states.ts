// Which actions fit which session state (the ledger's transitions decide; these only choose buttons).
import { RETRYABLE_STATES as RETRY_FROM } from '../../../main/core/ledger/transitions.ts';
import type { SessionState } from '../../../main/core/ledger/types.ts';

export const ACTIVE_STATES: ReadonlySet<SessionState> = new Set(['uploading', 'finalizing', 'processing']);
/** Retry means something only where the ledger allows it (failed, cancelled, expired) — never on a draft: fix it. */
export const RETRYABLE_STATES: ReadonlySet<SessionState> = new Set(RETRY_FROM);
export const CANCELLABLE_STATES: ReadonlySet<SessionState> = new Set([
  'ready',
  'uploading',
  'finalizing',
  'processing',
]);
/** Pause stops sending and keeps what X acknowledged; once finalizing, X has the whole file and there is nothing to pause. */
export const PAUSABLE_STATES: ReadonlySet<SessionState> = new Set(['uploading']);
