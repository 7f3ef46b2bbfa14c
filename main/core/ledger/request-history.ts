// A session's recent requests to X (migration 8): appended as the engine goes, pruned to the last
// REQUEST_HISTORY_LIMIT per session, gone with the session (ON DELETE CASCADE).
import type { ErrorKind } from '../../common/errors.ts';
import type { RequestOutcome, RequestRecord } from '../../common/request-history.ts';
import { REQUEST_HISTORY_LIMIT } from '../../common/request-history.ts';
import type { Statements } from './statements.ts';

export class RequestHistory {
  readonly #statements: Statements;

  constructor(statements: Statements) {
    this.#statements = statements;
  }

  /** Appends one record; the session's oldest beyond the limit go in the same transaction. */
  record(sessionId: string, record: RequestRecord): void {
    this.#statements.transaction(() => {
      const inserted = this.#statements
        .get(
          `INSERT INTO session_requests
             (session_id, at, request, outcome, status, error_kind, message, next_attempt, next_at)
           SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM sessions WHERE id = ?)`,
        )
        .run(
          sessionId,
          record.at,
          record.request,
          record.outcome,
          record.status,
          record.errorKind,
          record.message,
          record.nextAttempt,
          record.nextAt,
          sessionId,
        );
      if (inserted.changes === 0) return; // forgotten meanwhile: nothing to keep
      this.#statements
        .get('DELETE FROM session_requests WHERE session_id = ? AND seq <= ?')
        .run(sessionId, this.#cutoff(sessionId));
    });
  }

  /** Oldest first. */
  list(sessionId: string): RequestRecord[] {
    return this.#statements
      .get('SELECT * FROM session_requests WHERE session_id = ? ORDER BY seq')
      .all(sessionId)
      .map((row) => ({
        at: Number(row.at),
        request: String(row.request),
        outcome: String(row.outcome) as RequestOutcome,
        status: row.status === null ? null : Number(row.status),
        errorKind: row.error_kind === null ? null : (String(row.error_kind) as ErrorKind),
        message: row.message === null ? null : String(row.message),
        nextAttempt: row.next_attempt === null ? null : Number(row.next_attempt),
        nextAt: row.next_at === null ? null : Number(row.next_at),
      }));
  }

  /** The highest seq of this session that falls outside its newest REQUEST_HISTORY_LIMIT records (or -1). */
  #cutoff(sessionId: string): number {
    const row = this.#statements
      .get('SELECT seq FROM session_requests WHERE session_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?')
      .get(sessionId, REQUEST_HISTORY_LIMIT);
    return row ? Number(row.seq) : -1;
  }
}
