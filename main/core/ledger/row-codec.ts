// What the session and post rows share: fields stored one-to-one in columns (the INSERT, the UPDATE's
// assignments for a patch), and JSON columns read back defensively (a row written by an older or broken
// build must not crash a list).
import type { SQLInputValue } from 'node:sqlite';
import type { ErrorKind, XferError } from '../../common/errors.ts';

export type Row = Record<string, SQLInputValue>;

/** `INSERT INTO table (a, b) VALUES ($a, $b)`, the parameters named as the columns. */
export function insertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((column) => `$${column}`).join(', ')})`;
}

/** `column = $column` for each field a patch sets (undefined: left as is), with the encoded parameters. */
export function columnAssignments<F extends string>(
  columns: Record<F, string>,
  patch: Partial<Record<F, unknown>>,
  encode: (field: F, value: unknown) => SQLInputValue,
): { sql: string[]; params: Row } {
  const sql: string[] = [];
  const params: Row = {};
  for (const [field, value] of Object.entries(patch) as [F, unknown][]) {
    if (value === undefined) continue;
    const column = columns[field];
    sql.push(`${column} = $${column}`);
    params[column] = encode(field, value);
  }
  return { sql, params };
}

/** A JSON column's value, or null when it is empty or not JSON. */
export function parseJson(raw: unknown): unknown {
  if (typeof raw !== 'string') return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An error column: an XferError with a kind and a message, or null. */
export function readError(raw: unknown): XferError | null {
  const value = parseJson(raw);
  if (!isRecord(value) || typeof value.kind !== 'string' || typeof value.message !== 'string') return null;
  return { ...value, kind: value.kind as ErrorKind, message: value.message, retryable: value.retryable === true };
}

/**
 * The WHERE conditions of a list by state (one or several) and account (null: rows with none), with their
 * parameters; null when the query asks for no state at all (an empty list, without asking SQLite).
 */
export function stateAndAccountWhere(query: {
  state?: string | readonly string[] | undefined;
  accountId?: string | null | undefined;
}): { where: string[]; params: SQLInputValue[] } | null {
  const where: string[] = [];
  const params: SQLInputValue[] = [];
  if (query.state !== undefined) {
    const states = typeof query.state === 'string' ? [query.state] : query.state;
    if (states.length === 0) return null;
    where.push(`state IN (${states.map(() => '?').join(', ')})`);
    params.push(...states);
  }
  if (query.accountId === null) where.push('account_id IS NULL');
  else if (query.accountId !== undefined) {
    where.push('account_id = ?');
    params.push(query.accountId);
  }
  return { where, params };
}
