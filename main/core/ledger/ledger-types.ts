// The shapes callers hand the ledger: a new session, a query, the options to open one.
import type { Session, SessionState } from '../../common/session.ts';

/** What a caller supplies to create a session; the rest starts empty. */
export type NewSession = Omit<
  Session,
  | 'id'
  | 'segmentsAcked'
  | 'bytesAcked'
  | 'attempts'
  | 'processingPercent'
  | 'error'
  | 'notice'
  | 'conversion'
  | 'mediaId'
  | 'expiresAt'
  | 'createdAt'
  | 'updatedAt'
> &
  Partial<Pick<Session, 'id' | 'attempts' | 'error' | 'notice' | 'conversion' | 'mediaId' | 'expiresAt' | 'createdAt'>>;

export interface SessionQuery {
  state?: SessionState | readonly SessionState[];
  /** An account id, or null for sessions whose account was removed. */
  accountId?: string | null;
  limit?: number;
  offset?: number;
}

export interface LedgerOptions {
  now?: () => number;
  /** How long a writer waits for another connection's lock before failing (ms). */
  busyTimeoutMs?: number;
}
