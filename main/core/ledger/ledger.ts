// The ledger: durable sessions, acknowledged segments and account rows in one SQLite file (node:sqlite).
// Every state change is one transaction, so a kill -9 at any moment leaves a file that opens and resumes.
import { randomUUID } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import type { SQLInputValue } from 'node:sqlite';
import type { OAuth2AccountState } from '../../common/account.ts';
import type { Account } from '../../common/account.ts';
import { XferFailure, fail, xferError } from '../../common/errors.ts';
import { ACCOUNT_COLUMNS, accountToRow, rowToAccount } from './account-row.ts';
import { migrate } from './migrations.ts';
import { DamagedContent, ledgerOpenFailure } from './open-failure.ts';
import { PostLedger } from './post-ledger.ts';
import { RequestHistory } from './request-history.ts';
import { Statements } from './statements.ts';
import type { SessionPatch } from './session-row.ts';
import { INSERT_SESSION_SQL, patchAssignments, rowToSession, sessionToRow } from './session-row.ts';
import { canTransition } from './transitions.ts';
import type { SegmentHashes, Session, SessionState } from '../../common/session.ts';
import { SESSION_STATES } from '../../common/session.ts';

export type { SessionPatch } from './session-row.ts';

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

/** A refused state change: the session is not in a state that may become `to`. */
export class IllegalTransition extends XferFailure {
  readonly sessionId: string;
  readonly from: SessionState;
  readonly to: SessionState;
  constructor(sessionId: string, from: SessionState, to: SessionState, expected: readonly SessionState[]) {
    const allowed = expected.length > 0 ? ` (expected ${expected.join(' or ')})` : '';
    super(xferError('bad_request', `Session ${sessionId} is ${from}${allowed}; it cannot become ${to}.`));
    this.name = 'IllegalTransition';
    this.sessionId = sessionId;
    this.from = from;
    this.to = to;
  }
}

/**
 * What SQLite's open does not notice: a damaged page (quick_check reads every page: ~8 ms for 10,000
 * sessions) and rows this Xfer cannot read (a state it does not know). Found here, at open, they are one
 * clear start-up error instead of a stack trace from whichever query meets them first.
 */
function checkContent(db: DatabaseSync): void {
  const problems = db.prepare('PRAGMA quick_check').all() as { quick_check: string }[];
  const first = problems[0]?.quick_check ?? 'ok';
  if (first !== 'ok') throw new DamagedContent(first.replace(/\s+/g, ' ').trim());
  for (const row of db.prepare('SELECT DISTINCT state FROM sessions').all()) {
    const state = String(row.state);
    if (!(SESSION_STATES as readonly string[]).includes(state)) {
      throw new DamagedContent(`a session is in the state "${state}", which this Xfer does not know`);
    }
  }
}

/** Also the accounts' repository and refresh lease (structurally: core/accounts' ports). */
export class Ledger {
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #now: () => number;
  readonly #statements: Statements;
  /** Posts and threads: the same file, the same transactions' guarantees. */
  readonly posts: PostLedger;
  /** Each session's recent requests to X, for its detail view. */
  readonly requests: RequestHistory;

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

  /** Inserts many sessions in one transaction (a prepare of a thousand files is one commit, not a thousand). */
  insertSessions(inputs: readonly NewSession[]): Session[] {
    return this.#transaction(() => inputs.map((input) => this.insertSession(input)));
  }

  getSession(id: string): Session | null {
    const row = this.#statement('SELECT * FROM sessions WHERE id = ?').get(id);
    return row ? rowToSession(row) : null;
  }

  /** The session, or a `not_found` failure. */
  requireSession(id: string): Session {
    return this.getSession(id) ?? fail('not_found', `No session with id ${id}.`);
  }

  /** Newest first. */
  listSessions(query: SessionQuery = {}): Session[] {
    const where: string[] = [];
    const params: SQLInputValue[] = [];
    if (query.state !== undefined) {
      const states: readonly SessionState[] = typeof query.state === 'string' ? [query.state] : query.state;
      if (states.length === 0) return [];
      where.push(`state IN (${states.map(() => '?').join(', ')})`);
      params.push(...states);
    }
    if (query.accountId === null) where.push('account_id IS NULL');
    else if (query.accountId !== undefined) {
      where.push('account_id = ?');
      params.push(query.accountId);
    }
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
      const current = this.requireSession(id);
      if (!from.includes(current.state) || !canTransition(current.state, to)) {
        throw new IllegalTransition(id, current.state, to, from);
      }
      this.#update(id, patch, to);
      return this.requireSession(id);
    });
  }

  /** Changes fields without changing the state; refuses when the session is not in one of `inStates` (if given). */
  updateSession(id: string, patch: SessionPatch, inStates?: readonly SessionState[]): Session {
    return this.#transaction(() => {
      const current = this.requireSession(id);
      if (inStates && !inStates.includes(current.state))
        throw new IllegalTransition(id, current.state, current.state, inStates);
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

  /** Sessions of a removed account keep listing, with accountId null. Returns how many were detached. */
  detachAccount(accountId: string): number {
    const now = this.#now();
    return Number(
      this.#statement('UPDATE sessions SET account_id = NULL, updated_at = ? WHERE account_id = ?').run(now, accountId)
        .changes,
    );
  }

  // ---- meta -----------------------------------------------------------------------------------

  getMeta(key: string): string | null {
    const row = this.#statement('SELECT value FROM meta WHERE key = ?').get(key);
    return row ? String(row.value) : null;
  }

  setMeta(key: string, value: string): void {
    this.#statement(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ).run(key, value);
  }

  // ---- accounts (AccountRepository) -------------------------------------------------------------

  listAccounts(): Account[] {
    return this.#statement(`SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY created_at, name`).all().map(rowToAccount);
  }

  getAccount(id: string): Account | null {
    const row = this.#statement(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ?`).get(id);
    return row ? rowToAccount(row) : null;
  }

  getAccountByName(name: string): Account | null {
    const row = this.#statement(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE name = ?`).get(name);
    return row ? rowToAccount(row) : null;
  }

  insertAccount(account: Account): void {
    try {
      this.#statement(
        `INSERT INTO accounts (${ACCOUNT_COLUMNS}) VALUES ($id, $name, $kind, $user_id, $screen_name, $api, $api_base, $upload_base, $tier, $verified_at, $created_at,
         $oauth2_client_id, $oauth2_expires_at, $oauth2_sign_in_again)`,
      ).run(accountToRow(account));
    } catch (error) {
      if (error instanceof Error && /UNIQUE constraint failed: accounts\.name/.test(error.message)) {
        fail('bad_request', `An account named "${account.name}" already exists.`);
      }
      throw error;
    }
  }

  updateAccount(account: Account): void {
    const changes = this.#statement(
      `UPDATE accounts SET name = $name, kind = $kind, user_id = $user_id, screen_name = $screen_name, api = $api,
       api_base = $api_base, upload_base = $upload_base, tier = $tier, verified_at = $verified_at, created_at = $created_at,
       oauth2_client_id = $oauth2_client_id, oauth2_expires_at = $oauth2_expires_at, oauth2_sign_in_again = $oauth2_sign_in_again
       WHERE id = $id`,
    ).run(accountToRow(account)).changes;
    if (changes === 0) fail('not_found', `No account with id ${account.id}.`);
  }

  setOAuth2State(id: string, state: OAuth2AccountState): void {
    this.#statement(
      'UPDATE accounts SET oauth2_client_id = ?, oauth2_expires_at = ?, oauth2_sign_in_again = ? WHERE id = ?',
    ).run(state.clientId, state.accessExpiresAt, state.signInAgain ? 1 : 0, id);
  }

  // ---- the OAuth 2.0 refresh lease (RefreshLease), shared by every process on this ledger ----------

  tryAcquire(accountId: string, holder: string, ttlMs: number): boolean {
    const now = Date.now(); // wall clock on purpose: the lease is compared across processes
    return this.#transaction(() => {
      const row = this.#statement('SELECT holder, expires_at FROM oauth2_refresh_leases WHERE account_id = ?').get(
        accountId,
      ) as { holder: string; expires_at: number } | undefined;
      if (row && row.holder !== holder && row.expires_at > now) return false;
      this.#statement(
        `INSERT INTO oauth2_refresh_leases (account_id, holder, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at`,
      ).run(accountId, holder, now + ttlMs);
      return true;
    });
  }

  release(accountId: string, holder: string): void {
    this.#statement('DELETE FROM oauth2_refresh_leases WHERE account_id = ? AND holder = ?').run(accountId, holder);
  }

  /** Removes the account row; its sessions stay, detached (accountId null). */
  deleteAccount(id: string): void {
    this.#transaction(() => {
      this.detachAccount(id);
      this.#statement('DELETE FROM accounts WHERE id = ?').run(id);
    });
  }

  /** The account's last good number of APPENDs in flight (the in-flight controller's start), or null. */
  appendsInFlight(accountId: string): number | null {
    const row = this.#statement('SELECT appends_in_flight FROM account_tuning WHERE account_id = ?').get(accountId) as
      { appends_in_flight: number } | undefined;
    return row ? row.appends_in_flight : null;
  }

  recordAppendsInFlight(accountId: string, count: number): void {
    if (!this.getAccount(accountId)) return; // removed meanwhile: nothing to tune
    this.#statement(
      `INSERT INTO account_tuning (account_id, appends_in_flight, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(account_id) DO UPDATE SET appends_in_flight = excluded.appends_in_flight, updated_at = excluded.updated_at`,
    ).run(accountId, Math.trunc(count), this.#now());
  }

  // ---- internals --------------------------------------------------------------------------------

  #update(id: string, patch: SessionPatch, state?: SessionState): void {
    this.#statements.updateRow('sessions', id, patchAssignments(patch), this.#now(), state);
  }

  #statement(sql: string) {
    return this.#statements.get(sql);
  }

  #transaction<T>(work: () => T): T {
    return this.#statements.transaction(work);
  }
}
