// The one statement cache and transaction helper of a ledger file. The sessions and the posts halves share
// one instance, so a statement is prepared once per connection and a post change inside a session
// transaction (or the other way round) joins it instead of failing on a nested BEGIN.
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';

export class Statements {
  readonly #db: DatabaseSync;
  readonly #cache = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** The prepared statement for `sql`, prepared on first use. */
  get(sql: string): StatementSync {
    let statement = this.#cache.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#cache.set(sql, statement);
    }
    return statement;
  }

  /** Runs `work` in one IMMEDIATE transaction (or inside the caller's, when one is open). */
  transaction<T>(work: () => T): T {
    if (this.#db.isTransaction) return work();
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  /** `UPDATE table SET <assignments>, updated_at[, state] WHERE id`: the patch shape both halves use. */
  updateRow(
    table: 'sessions' | 'posts',
    id: string,
    assignments: { sql: string[]; params: Record<string, SQLInputValue> },
    now: number,
    state?: string,
  ): void {
    const { sql, params } = assignments;
    sql.push('updated_at = $updated_at');
    params.updated_at = now;
    if (state !== undefined) {
      sql.push('state = $state');
      params.state = state;
    }
    params.id = id;
    this.get(`UPDATE ${table} SET ${sql.join(', ')} WHERE id = $id`).run(params);
  }
}
