// Named sets of session states, one meaning each. Core (ledger transitions, engine), the CLI and
// the renderer's buttons all use these; a set that means something new gets a new name here.
import type { SessionState } from './session.ts';

/** X is being talked to: bytes, FINALIZE or processing. Live progress applies; a run cut short resumes these. */
export const IN_FLIGHT_STATES: readonly SessionState[] = ['uploading', 'finalizing', 'processing'];
/** Queued or in flight: the engine may be working on it (or about to). Cancel, failure and expiry apply. */
export const ACTIVE_STATES: readonly SessionState[] = ['ready', ...IN_FLIGHT_STATES];
/** Ended without a media id that is still good: a retry starts again from ready. */
export const RETRYABLE_STATES: readonly SessionState[] = ['failed', 'cancelled', 'expired'];
/** Pause stops sending and keeps what X acknowledged; once finalizing X has the whole file, so only uploading. */
export const PAUSABLE_STATES: readonly SessionState[] = ['uploading'];
