// Whether a file was written to between two moments, from its stat alone. Every write to a file (and every
// setting of its mtime, which is how an edit could hide) sets its change time (ctime) to the present, and no
// program can set it back. So a file whose size, mtime and ctime (and inode) are the same at both moments
// held the same bytes throughout: bytes checked as they were read in between are still the file's.
import { stat } from 'node:fs/promises';

export interface FileStamp {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  /** When the stamp was taken (ms since the epoch, the clock the file system stamps with). */
  takenAtMs: number;
}

/**
 * How far the file's last change must lie before the first stamp to be trusted. A file system stamps with a
 * coarse clock (a few ms on Linux, 2 s on FAT): a write just after a stamp taken in the same tick as an
 * earlier write would leave ctime as it was (git's "racy" entries). A file changed this recently is re-read.
 */
export const RACY_MARGIN_MS = 2_000;

/** The file's stamp, or null when it cannot be read (the caller then checks the slow way). */
export async function stampFile(path: string, now: () => number = Date.now): Promise<FileStamp | null> {
  try {
    const stats = await stat(path, { bigint: true });
    return {
      dev: stats.dev,
      ino: stats.ino,
      size: stats.size,
      mtimeNs: stats.mtimeNs,
      ctimeNs: stats.ctimeNs,
      takenAtMs: now(),
    };
  } catch {
    return null;
  }
}

/** True only when nothing can have written to the file between the two stamps. */
export function unwrittenBetween(before: FileStamp | null, after: FileStamp | null): boolean {
  if (before === null || after === null) return false;
  const lastChangeMs = Number(before.ctimeNs > before.mtimeNs ? before.ctimeNs : before.mtimeNs) / 1e6;
  if (before.takenAtMs - lastChangeMs < RACY_MARGIN_MS) return false;
  return (
    before.dev === after.dev &&
    before.ino === after.ino &&
    before.size === after.size &&
    before.mtimeNs === after.mtimeNs &&
    before.ctimeNs === after.ctimeNs
  );
}
