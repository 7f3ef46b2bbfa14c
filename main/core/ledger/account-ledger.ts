// The accounts half of the ledger: account rows, the OAuth 2.0 refresh lease every process on this file
// shares, per-account tuning, and the meta table. Same file and transactions as the sessions (statements.ts).
import type { Account, OAuth2AccountState } from '../../common/account.ts';
import { fail, failFrom } from '../../common/errors.ts';
import { ACCOUNT_COLUMNS, accountToRow, rowToAccount } from './account-row.ts';
import { sqliteExtendedCode, SQLITE_CONSTRAINT_UNIQUE } from './sqlite-codes.ts';
import type { Statements } from './statements.ts';

/** Also the accounts' repository and refresh lease (structurally: core/accounts' ports), and a MetaStore. */
export class AccountLedger {
  readonly #statements: Statements;
  readonly #now: () => number;

  constructor(statements: Statements, now: () => number) {
    this.#statements = statements;
    this.#now = now;
  }

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
      // Told by SQLite's result code, not its message; the only UNIQUE column besides the key is the name.
      if (sqliteExtendedCode(error) === SQLITE_CONSTRAINT_UNIQUE && this.getAccountByName(account.name)) {
        failFrom(error, 'bad_request', `An account named "${account.name}" already exists.`);
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

  /** Sessions of a removed account keep listing, with accountId null. Returns how many were detached. */
  detachAccount(accountId: string): number {
    const now = this.#now();
    return Number(
      this.#statement('UPDATE sessions SET account_id = NULL, updated_at = ? WHERE account_id = ?').run(now, accountId)
        .changes,
    );
  }

  #statement(sql: string) {
    return this.#statements.get(sql);
  }

  #transaction<T>(work: () => T): T {
    return this.#statements.transaction(work);
  }
}
