// Whether a write failed because the disk holding the data folder is full: SQLite's SQLITE_FULL (errcode, never
// the message), the OS's ENOSPC, or an I/O error on a disk with no space left (SQLite reports some full-disk
// writes, e.g. growing the WAL, as SQLITE_IOERR). https://www.sqlite.org/rescode.html
import { statfsSync } from 'node:fs';
import { sqliteCode, SQLITE_FULL, SQLITE_IOERR } from './sqlite-codes.ts';

/** Whether the disk holding `folder` has no space left for an ordinary user. */
export function noSpaceLeft(folder: string): boolean {
  try {
    return statfsSync(folder).bavail === 0;
  } catch {
    return false;
  }
}

/** Whether `error` (from SQLite or the file system) means the disk holding `folder` is full. */
export function isDiskFull(error: unknown, folder: string): boolean {
  const code = sqliteCode(error);
  if (code === SQLITE_FULL) return true;
  if ((error as NodeJS.ErrnoException | null)?.code === 'ENOSPC') return true;
  return code === SQLITE_IOERR && noSpaceLeft(folder);
}

/** What the CLI, the app and the session say; `next` is what the user does (a send waits for room by itself). */
export function diskFullMessage(folder: string, next = 'Free some space: Xfer goes on by itself.'): string {
  return `The disk holding ${folder} is full. ${next}`;
}
