// One sender per data folder. The Electron single-instance lock covers only the app: an
// `xfer send` next to it (or next to another `xfer send`) would upload the same sessions twice
// and both engines would write the same ledger rows. So whatever sends first creates
// `<dataDir>/sender.lock` with O_EXCL and keeps it while it sends; anything else that wants to send
// is refused as an environment problem naming the holder's pid. Read-only work needs no lock, and
// neither does `prepare` (it only inserts rows; SQLite's WAL and busy_timeout handle that).
//
// A lock whose holder is gone (its pid does not exist here, or it was taken on another host —
// the pid means nothing here) is taken over. Released on release() and on process exit; a
// SIGKILL leaves the file behind, and the next sender takes it over as stale.
import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, linkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { fail } from '../common/errors.ts';
import { diskFullMessage, isDiskFull } from '../core/ledger/disk-full.ts';

export const SENDER_LOCK_FILE = 'sender.lock';

/** What the lock file holds. */
export interface SenderLockHolder {
  pid: number;
  /** ms since epoch. */
  startedAt: number;
  host: string;
}

export interface SenderLock {
  readonly path: string;
  readonly holder: SenderLockHolder;
  /** Deletes the file if it is still ours; safe to call twice. */
  release(): void;
}

export interface SenderLockOptions {
  pid?: number;
  host?: string;
  now?: () => number;
  /** Whether a pid runs on this host; `process.kill(pid, 0)` by default. */
  isAlive?: (pid: number) => boolean;
}

/**
 * A file with no readable holder is one being written right now (open and write are two steps),
 * unless it is older than this: then its writer died in between.
 */
const UNREADABLE_GRACE_MS = 10_000;
const TAKEOVER_ATTEMPTS = 5;

/** Takes the data folder's sender lock, or fails with kind 'environment' naming the live holder. */
export function acquireSenderLock(dataDir: string, options: SenderLockOptions = {}): SenderLock {
  const path = resolve(dataDir, SENDER_LOCK_FILE);
  const holder: SenderLockHolder = {
    pid: options.pid ?? process.pid,
    startedAt: (options.now ?? Date.now)(),
    host: options.host ?? hostname(),
  };
  const isAlive = options.isAlive ?? processIsAlive;
  const content = `${JSON.stringify(holder)}\n`;

  for (let attempt = 0; attempt < TAKEOVER_ATTEMPTS; attempt += 1) {
    if (tryCreate(path, content)) return heldLock(path, holder, content);
    const current = readHolder(path);
    if (current === 'missing') continue; // released between our create and our read
    if (current === 'unreadable') {
      if (!olderThan(path, UNREADABLE_GRACE_MS)) fail('environment', busyMessage(null));
    } else if (current.host === holder.host && isAlive(current.pid) && !reusedPid(current, holder.pid, path)) {
      fail('environment', busyMessage(current.pid));
    }
    takeOver(path, current);
  }
  fail('environment', busyMessage(null));
}

/** `process.kill(pid, 0)` sends nothing: ESRCH means no such process; EPERM means it lives under another user. */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (thrown) {
    return (thrown as { code?: string }).code !== 'ESRCH';
  }
}

/** Paths of the locks this process holds now. */
const heldHere = new Set<string>();

/**
 * Our own pid in a lock this process does not hold: an earlier process that had the same pid
 * (common in containers, where each run may get the same small pid) was killed holding it.
 */
function reusedPid(current: SenderLockHolder, ownPid: number, path: string): boolean {
  return current.pid === ownPid && ownPid === process.pid && !heldHere.has(path);
}

function busyMessage(pid: number | null): string {
  const who = pid === null ? 'Another Xfer' : `Another Xfer (pid ${pid})`;
  return `${who} is sending from this data folder; wait for it or stop it`;
}

function tryCreate(path: string, content: string): boolean {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'wx', 0o600);
  } catch (thrown) {
    if ((thrown as { code?: string }).code === 'EEXIST') return false;
    fail('environment', `Cannot create ${path} (${(thrown as { code?: string }).code ?? 'unknown error'})`);
  }
  try {
    writeSync(descriptor, content);
  } catch (thrown) {
    // A lock we could not write must not stay behind: an empty one reads as "being written" and would turn
    // every sender away until it is old. A full disk is named as the CLI and the app name it elsewhere.
    closeSync(descriptor);
    unlinkQuietly(path);
    if (isDiskFull(thrown, dirname(path)))
      fail('environment', diskFullMessage(dirname(path), 'Free some space and try again.'));
    fail('environment', `Cannot write ${path} (${(thrown as { code?: string }).code ?? 'unknown error'})`);
  }
  closeSync(descriptor);
  return true;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

function readHolder(path: string): SenderLockHolder | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (thrown) {
    if ((thrown as { code?: string }).code === 'ENOENT') return 'missing';
    throw thrown;
  }
  try {
    const parsed = JSON.parse(text) as Partial<SenderLockHolder> | null;
    if (typeof parsed?.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.startedAt === 'number') {
      return { pid: parsed.pid, host: parsed.host, startedAt: parsed.startedAt };
    }
  } catch {
    // fall through: a half-written file
  }
  return 'unreadable';
}

function olderThan(path: string, ageMs: number): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > ageMs;
  } catch {
    return true; // gone: the next attempt creates it
  }
}

/**
 * Moves the stale file aside rather than deleting it: of two processes taking over at once, only
 * one can move a given file. If what we moved is no longer the stale lock we judged (someone
 * took over just before us), it goes back where it was.
 */
function takeOver(path: string, stale: SenderLockHolder | 'unreadable'): void {
  const aside = `${path}.${process.pid}.${randomUUID()}.stale`;
  try {
    renameSync(path, aside);
  } catch (thrown) {
    if ((thrown as { code?: string }).code === 'ENOENT') return;
    throw thrown;
  }
  const moved = readHolder(aside);
  const same = stale === 'unreadable' ? moved === 'unreadable' : typeof moved === 'object' && sameHolder(moved, stale);
  if (!same) {
    try {
      linkSync(aside, path);
    } catch {
      // Someone else created a lock meanwhile: theirs stands.
    }
  }
  unlinkSync(aside);
}

function sameHolder(a: SenderLockHolder, b: SenderLockHolder): boolean {
  return a.pid === b.pid && a.host === b.host && a.startedAt === b.startedAt;
}

function heldLock(path: string, holder: SenderLockHolder, content: string): SenderLock {
  let held = true;
  heldHere.add(path);
  const release = (): void => {
    if (!held) return;
    held = false;
    heldHere.delete(path);
    process.off('exit', release);
    try {
      // Only our own file: after a takeover (we were judged stale), it belongs to someone else.
      if (readFileSync(path, 'utf8') === content) unlinkSync(path);
    } catch {
      // Already gone.
    }
  };
  process.on('exit', release);
  return { path, holder, release };
}
