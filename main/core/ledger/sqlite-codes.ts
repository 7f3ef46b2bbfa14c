// SQLite's result codes (https://www.sqlite.org/rescode.html). node:sqlite puts the extended code on its
// errors as `errcode`; the primary code is its low byte. Errors are told apart by these, never by message.
export const SQLITE_READONLY = 8;
export const SQLITE_IOERR = 10;
export const SQLITE_CORRUPT = 11;
export const SQLITE_FULL = 13;
export const SQLITE_CANTOPEN = 14;
export const SQLITE_NOTADB = 26;
/** SQLITE_CONSTRAINT_UNIQUE: a UNIQUE column (not the primary key) already holds the value. */
export const SQLITE_CONSTRAINT_UNIQUE = 2067;

/** The extended result code of a node:sqlite error, or null for anything else. */
export function sqliteExtendedCode(error: unknown): number | null {
  const code = (error as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' ? code : null;
}

/** The primary result code (the extended one's low byte), or null. */
export function sqliteCode(error: unknown): number | null {
  const code = sqliteExtendedCode(error);
  return code === null ? null : code & 0xff;
}
