// One request a session's upload made to X, as its detail view lists it: what was asked, what X answered
// (its own words when it refused), and what Xfer did next. The ledger keeps the last few per session.
import type { ErrorKind } from './errors.ts';

/**
 * What Xfer did after the answer: nothing more (ok), tried again after a wait (retry), waited for X's limit
 * (rate_limited), waited for a connection (offline), or stopped (failed; an unknown media id starts over).
 */
export type RequestOutcome = 'ok' | 'retry' | 'rate_limited' | 'offline' | 'failed';

export interface RequestRecord {
  /** ms since epoch, when the answer (or the failure) came. */
  at: number;
  /** "INIT", "APPEND segment 3", "FINALIZE", "STATUS", "alt text", "upload (one request)". */
  request: string;
  outcome: RequestOutcome;
  /** HTTP status, when there was a response. */
  status: number | null;
  errorKind: ErrorKind | null;
  /** X's words (through the error model), or null on success. */
  message: string | null;
  /** The next try's number and when it goes (retry), or when X's limit resets (rate_limited). */
  nextAttempt: number | null;
  nextAt: number | null;
}

/** How many records a session keeps: enough to see what went wrong, bounded for a 1 GB upload's APPENDs. */
export const REQUEST_HISTORY_LIMIT = 100;
