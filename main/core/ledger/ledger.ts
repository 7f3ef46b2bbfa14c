// The ledger: durable sessions, acknowledged segments and account rows in one SQLite file (node:sqlite).
// Every state change is one transaction, so a kill -9 at any moment leaves a file that opens and resumes.
import { randomUUID } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { fail } from '../../common/errors.ts';
import { AccountLedger } from './account-ledger.ts';
import { checkContent } from './content-check.ts';
import { IllegalTransition } from './illegal-transition.ts';
import type { LedgerOptions, NewSession, SessionQuery } from './ledger-types.ts';
import { migrate } from './migrations.ts';
import { ledgerOpenFailure } from './open-failure.ts';
import { PostLedger } from './post-ledger.ts';
import { RequestHistory } from './request-history.ts';
import { Statements } from './statements.ts';
import type { SessionPatch } from './session-row.ts';
import type { SessionStatus } from './session-row.ts';
import {
  INSERT_SESSION_SQL,
  patchAssignments,
  readState,
  rowToSession,
  rowToSessionStatus,
  sessionToRow,
} from './session-row.ts';
import { stateAndAccountWhere } from './row-codec.ts';
import { canTransition } from './transitions.ts';
import type { SegmentHashes, Session, SessionState } from '../../common/session.ts';
import { SESSION_STATES } from '../../common/session.ts';

export type { SessionPatch, SessionStatus } from './session-row.ts';
export type { LedgerOptions, NewSession, SessionQuery } from './ledger-types.ts';
export { IllegalTransition } from './illegal-transition.ts';

/** The failure for a session id the ledger does not hold. */
function noSession(id: string): never {
  return fail('not_found', `No session with id ${id}.`);
}

/**
 * Sessions and their segments here; posts (post-ledger.ts) and accounts (account-ledger.ts) in halves that
 * share this file's statements and transactions. The accounts half's methods are also served from here, so a
 * Ledger is the accounts' repository, refresh lease and meta store (structurally: core/accounts' ports).
 */
export class Ledger {
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #now: () => number;
  readonly #statements: Statements;
  /** Posts and threads: the same file, the same transactions' guarantees. */
  readonly posts: PostLedger;
  /** Account rows, the refresh lease, tuning and meta. */
  readonly accounts: AccountLedger;
  /** Each session's recent requests to X, for its detail view. */
  readonly requests: RequestHistory;

  // The accounts half, served from here too (AccountRepository, RefreshLease, MetaStore).
  readonly getMeta: AccountLedger['getMeta'] = (key) => this.accounts.getMeta(key);
  readonly setMeta: AccountLedger['setMeta'] = (key, value) => this.accounts.setMeta(key, value);
  readonly listAccounts: AccountLedger['listAccounts'] = () => this.accounts.listAccounts();
  readonly getAccount: AccountLedger['getAccount'] = (id) => this.accounts.getAccount(id);
  readonly getAccountByName: AccountLedger['getAccountByName'] = (name) => this.accounts.getAccountByName(name);
  readonly insertAccount: AccountLedger['insertAccount'] = (account) => this.accounts.insertAccount(account);
  readonly updateAccount: AccountLedger['updateAccount'] = (account) => this.accounts.updateAccount(account);
  readonly setOAuth2State: AccountLedger['setOAuth2State'] = (id, state) => this.accounts.setOAuth2State(id, state);
  readonly tryAcquire: AccountLedger['tryAcquire'] = (id, holder, ttl) => this.accounts.tryAcquire(id, holder, ttl);
  readonly release: AccountLedger['release'] = (id, holder) => this.accounts.release(id, holder);
  readonly deleteAccount: AccountLedger['deleteAccount'] = (id) => this.accounts.deleteAccount(id);
  readonly detachAccount: AccountLedger['detachAccount'] = (id) => this.accounts.detachAccount(id);
  readonly appendsInFlight: AccountLedger['appendsInFlight'] = (id) => this.accounts.appendsInFlight(id);
  readonly recordAppendsInFlight: AccountLedger['recordAppendsInFlight'] = (id, count) =>
    this.accounts.recordAppendsInFlight(id, count);

  private constructor(path: string, options: LedgerOptions) {
    this.path = path;
    this.#now = options.now ?? Date.now;
    this.#db = new DatabaseSync(path);
    const db = this.#db;
    this.#statements = new Statements(db);
    try {
      // WAL: readers never block the writer, and a commit is one append to the -wal file.
      // synchronous=NORMAL skips the fsync at each commit (WAL is fsynced at checkpoints). A committed
      // transaction is already in the WAL file in the OS page cache, so a process crash (kill -9, a bug)
      // loses nothing committed; only an OS crash or power loss could drop the last few commits, and even then
      // the database stays consistent (WAL frames are checksummed). Lost acks only mean segments re-sent,
      // which X allows (re-sending an index replaces it, reference §1).
      if (path !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = NORMAL');
      db.exec('PRAGMA foreign_keys = ON');
      db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
      migrate(db);
      checkContent(db);
      this.posts = new PostLedger(this.#statements, this.#now);
      this.accounts = new AccountLedger(this.#statements, this.#now);
      this.requests = new RequestHistory(this.#statements);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Opens (or creates) the ledger; one it cannot use is a LedgerOpenFailure (environment: the CLI exits 3). */
  static open(path: string, options: LedgerOptions = {}): Ledger {
    try {
      return new Ledger(path, options);
    } catch (error) {
      throw ledgerOpenFailure(path, error) ?? error;
    }
  }

  static openInMemory(options: LedgerOptions = {}): Ledger {
    return new Ledger(':memory:', options);
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  // ---- sessions ---------------------------------------------------------------------------

  insertSession(input: NewSession): Session {
    const now = this.#now();
    const session: Session = {
      ...input,
      id: input.id ?? randomUUID(),
      segmentsAcked: 0,
      bytesAcked: 0,
      attempts: input.attempts ?? 0,
      processingPercent: null,
      error: input.error ?? null,
      notice: input.notice ?? null,
      conversion: input.conversion ?? null,
      mediaId: input.mediaId ?? null,
      expiresAt: input.expiresAt ?? null,
      createdAt: input.createdAt ?? now,
      updatedAt: now,
    };
    this.#statement(INSERT_SESSION_SQL).run(sessionToRow(session));
    return session;
  }

  /**
   * Inserts many sessions in one transaction (a prepare of a thousand files is one commit, not a thousand),
   * with the segment hashes already taken of each (`segmentHashes[i]` for `inputs[i]`; null: none yet).
   */
  insertSessions(inputs: readonly NewSession[], segmentHashes: readonly (SegmentHashes | null)[] = []): Session[] {
    return this.#transaction(() =>
      inputs.map((input, index) => {
        const session = this.insertSession(input);
        const hashes = segmentHashes[index];
        if (hashes) this.setSegmentHashes(session.id, hashes);
        return session;
      }),
    );
  }

  getSession(id: string): Session | null {
    const row = this.#statement('SELECT * FROM sessions WHERE id = ?').get(id);
    return row ? rowToSession(row) : null;
  }

  /**
   * What a session's state line says (state, error, notice, segments), without the rest of its row: the
   * event log reads this at every change, and a whole session (its validation's JSON) costs far more to read.
   */
  getSessionStatus(id: string): SessionStatus | null {
    const row = this.#statement(
      'SELECT state, error, notice, segments_acked, segments_total FROM sessions WHERE id = ?',
    ).get(id);
    return row ? rowToSessionStatus(row) : null;
  }

  /** The session, or a `not_found` failure. */
  requireSession(id: string): Session {
    return this.getSession(id) ?? noSession(id);
  }

  /** Newest first. */
  listSessions(query: SessionQuery = {}): Session[] {
    const filter = stateAndAccountWhere(query);
    if (filter === null) return [];
    const { where, params } = filter;
    let sql = 'SELECT * FROM sessions';
    if (where.length > 0) sql += ` WHERE ${where.join(' AND ')}`;
    sql += ' ORDER BY created_at DESC, rowid DESC';
    if (query.limit !== undefined || query.offset !== undefined) {
      sql += ' LIMIT ? OFFSET ?';
      params.push(query.limit ?? -1, query.offset ?? 0);
    }
    return this.#statement(sql)
      .all(...params)
      .map(rowToSession);
  }

  countByState(): Record<SessionState, number> {
    const counts = Object.fromEntries(SESSION_STATES.map((state) => [state, 0])) as Record<SessionState, number>;
    const rows = this.#statement('SELECT state, COUNT(*) AS n FROM sessions GROUP BY state').all();
    for (const row of rows) {
      const state = SESSION_STATES.find((known) => known === row.state);
      if (state) counts[state] = Number(row.n);
    }
    return counts;
  }

  /**
   * Moves a session from one of `from` to `to` and applies `patch`, in one transaction. Refuses (IllegalTransition)
   * when the session is in none of `from`, or when the state machine forbids the change.
   */
  transition(id: string, from: readonly SessionState[], to: SessionState, patch: SessionPatch = {}): Session {
    return this.#transaction(() => {
      const current = this.#requireState(id);
      if (!from.includes(current) || !canTransition(current, to)) {
        throw new IllegalTransition(id, current, to, from);
      }
      this.#update(id, patch, to);
      return this.requireSession(id);
    });
  }

  /** Changes fields without changing the state; refuses when the session is not in one of `inStates` (if given). */
  updateSession(id: string, patch: SessionPatch, inStates?: readonly SessionState[]): Session {
    return this.#transaction(() => {
      const current = this.#requireState(id);
      if (inStates && !inStates.includes(current)) throw new IllegalTransition(id, current, current, inStates);
      this.#update(id, patch);
      return this.requireSession(id);
    });
  }

  /**
   * Records that X acknowledged a segment. Idempotent: acking an index twice counts it once.
   * Returns true when the ack is new.
   */
  ackSegment(id: string, segmentIndex: number, bytes: number): boolean {
    return this.#transaction(() => {
      const now = this.#now();
      const inserted = this.#statement(
        'INSERT INTO segments (session_id, segment_index, bytes, acked_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ).run(id, segmentIndex, bytes, now);
      if (inserted.changes === 0) return false;
      this.#statement(
        'UPDATE sessions SET segments_acked = segments_acked + 1, bytes_acked = bytes_acked + ?, updated_at = ? WHERE id = ?',
      ).run(bytes, now, id);
      return true;
    });
  }

  /** Indexes X acknowledged, ascending. */
  ackedSegments(id: string): number[] {
    return this.#statement('SELECT segment_index FROM segments WHERE session_id = ? ORDER BY segment_index')
      .all(id)
      .map((row) => Number(row.segment_index));
  }

  /** Records the hashes of a session's segments under a chunk size (replacing any taken before). */
  setSegmentHashes(id: string, hashes: SegmentHashes): void {
    this.#statement(
      `INSERT INTO segment_hashes (session_id, chunk_size, algorithm, hashes) VALUES (?, ?, ?, ?)
       ON CONFLICT (session_id) DO UPDATE SET chunk_size = excluded.chunk_size, algorithm = excluded.algorithm,
       hashes = excluded.hashes`,
    ).run(id, hashes.chunkSize, hashes.algorithm, hashes.hashes.join(' '));
  }

  /** Forgets a session's segment hashes: they were taken of a file it no longer holds. */
  clearSegmentHashes(id: string): void {
    this.#statement('DELETE FROM segment_hashes WHERE session_id = ?').run(id);
  }

  /** The hashes taken of a session's segments, or null when none were (yet). */
  segmentHashes(id: string): SegmentHashes | null {
    const row = this.#statement('SELECT chunk_size, algorithm, hashes FROM segment_hashes WHERE session_id = ?').get(
      id,
    );
    if (!row) return null;
    const hashes = String(row.hashes);
    return {
      chunkSize: Number(row.chunk_size),
      algorithm: String(row.algorithm),
      hashes: hashes === '' ? [] : hashes.split(' '),
    };
  }

  /** Forgets the media id and every acked segment, before a fresh INIT (expired or unknown media id). */
  resetUpload(id: string, patch: SessionPatch = {}): Session {
    return this.#transaction(() => {
      this.requireSession(id);
      this.#statement('DELETE FROM segments WHERE session_id = ?').run(id);
      this.#statement('UPDATE sessions SET segments_acked = 0, bytes_acked = 0 WHERE id = ?').run(id);
      this.#update(id, { mediaId: null, expiresAt: null, processingPercent: null, ...patch });
      return this.requireSession(id);
    });
  }

  /** Deletes a session and its segments. Returns false when it did not exist. */
  forgetSession(id: string): boolean {
    return this.#statement('DELETE FROM sessions WHERE id = ?').run(id).changes > 0;
  }

  reassignSession(id: string, accountId: string): Session {
    return this.#transaction(() => {
      if (!this.getAccount(accountId)) fail('not_found', `No account with id ${accountId}.`);
      return this.updateSession(id, { accountId });
    });
  }

  // ---- internals --------------------------------------------------------------------------------

  #update(id: string, patch: SessionPatch, state?: SessionState): void {
    this.#statements.updateRow('sessions', id, patchAssignments(patch), this.#now(), state);
  }

  /** A session's state, or the `not_found` failure requireSession gives: all a transition checks first. */
  #requireState(id: string): SessionState {
    const row = this.#statement('SELECT state FROM sessions WHERE id = ?').get(id);
    return row ? readState(String(row.state)) : noSession(id);
  }

  #statement(sql: string) {
    return this.#statements.get(sql);
  }

  #transaction<T>(work: () => T): T {
    return this.#statements.transaction(work);
  }
}
