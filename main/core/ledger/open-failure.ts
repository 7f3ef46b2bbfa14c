// Why a ledger cannot be opened, as one line naming the file and what to do: an environment failure (the CLI
// exits 3), never a stack trace. The problem is typed so the app can offer the way out that fits: a damaged
// ledger can be moved aside (moveLedgerAside) and a new one started; the others need the user.
import { rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { XferFailure, xferError } from '../../common/errors.ts';
import { noSpaceLeft } from './disk-full.ts';
import {
  sqliteCode,
  SQLITE_CANTOPEN,
  SQLITE_CORRUPT,
  SQLITE_FULL,
  SQLITE_IOERR,
  SQLITE_NOTADB,
  SQLITE_READONLY,
} from './sqlite-codes.ts';

export type LedgerProblem = 'damaged' | 'newer-schema' | 'read-only' | 'disk-full' | 'cannot-open';

/** The start-up error the shells act on: `problem` says which, the message says it to the user. */
export class LedgerOpenFailure extends XferFailure {
  readonly path: string;
  readonly problem: LedgerProblem;

  constructor(path: string, problem: LedgerProblem, message: string) {
    super(xferError('environment', message));
    this.name = 'LedgerOpenFailure';
    this.path = path;
    this.problem = problem;
  }
}

export function isLedgerOpenFailure(value: unknown): value is LedgerOpenFailure {
  return value instanceof LedgerOpenFailure;
}

/** A database written by a newer Xfer (its schema version is past the migrations this one knows). */
export class NewerSchemaError extends Error {
  readonly found: number;
  readonly known: number;

  constructor(found: number, known: number) {
    super(`The ledger is at schema version ${found}; this Xfer knows up to ${known}. Update Xfer.`);
    this.name = 'NewerSchemaError';
    this.found = found;
    this.known = known;
  }
}

/** What a ledger that opened still may hold that makes it unusable, found by the checks at open. */
export class DamagedContent extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'DamagedContent';
  }
}

function detail(error: unknown): string {
  const text = (error as { errstr?: unknown } | null)?.errstr ?? (error as Error | null)?.message ?? String(error);
  return String(text).split('\n')[0] ?? '';
}

const MOVE_ASIDE = (path: string) =>
  `Move it aside (e.g. mv "${path}" "${path}.damaged") and Xfer starts a new, empty ledger; the app offers to do it.`;

/** The failure for what opening (or checking) the ledger at `path` threw, or null when it is not one we know. */
export function ledgerOpenFailure(path: string, error: unknown): LedgerOpenFailure | null {
  if (error instanceof LedgerOpenFailure) return error;
  if (error instanceof NewerSchemaError) {
    return new LedgerOpenFailure(
      path,
      'newer-schema',
      `The ledger ${path} was written by a newer Xfer (schema version ${error.found}; this one knows up to ` +
        `${error.known}). Update Xfer to open it.`,
    );
  }
  if (error instanceof DamagedContent) {
    return new LedgerOpenFailure(
      path,
      'damaged',
      `The ledger ${path} is damaged (${error.message}). ${MOVE_ASIDE(path)}`,
    );
  }
  const code = sqliteCode(error);
  if (code === null) return null;
  if (code === SQLITE_FULL || ((code === SQLITE_IOERR || code === SQLITE_CANTOPEN) && noSpaceLeft(dirname(path)))) {
    return new LedgerOpenFailure(
      path,
      'disk-full',
      `The disk holding ${path} is full. Free some space and run Xfer again.`,
    );
  }
  if (code === SQLITE_CORRUPT || code === SQLITE_NOTADB) {
    return new LedgerOpenFailure(
      path,
      'damaged',
      `The ledger ${path} is damaged (${detail(error)}). ${MOVE_ASIDE(path)}`,
    );
  }
  if (code === SQLITE_READONLY) {
    return new LedgerOpenFailure(
      path,
      'read-only',
      `The ledger ${path} cannot be written (${detail(error)}). Make it writable (chmod u+w "${path}") or use ` +
        'another --data-dir.',
    );
  }
  if (code === SQLITE_CANTOPEN || code === SQLITE_IOERR) {
    return new LedgerOpenFailure(
      path,
      'cannot-open',
      `Cannot open the ledger ${path} (${detail(error)}). Check that its folder is writable and its disk has ` +
        'space, or use another --data-dir.',
    );
  }
  return new LedgerOpenFailure(
    path,
    'damaged',
    `The ledger ${path} is unusable (${detail(error)}). ${MOVE_ASIDE(path)}`,
  );
}

/** A name beside the ledger for its damaged copy: never one that exists, so nothing is overwritten. */
async function asideName(path: string, now: Date): Promise<string> {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  for (let attempt = 0; ; attempt++) {
    const candidate = `${path}.damaged-${stamp}${attempt === 0 ? '' : `-${attempt}`}`;
    const taken = await stat(candidate).then(
      () => true,
      () => false,
    );
    if (!taken) return candidate;
  }
}

/**
 * Moves a damaged ledger (and its -wal and -shm files, which belong to it) aside under one new name, so the
 * next open starts a new, empty ledger. Never deletes anything. Returns where the ledger went.
 */
export async function moveLedgerAside(path: string, now: Date = new Date()): Promise<string> {
  const aside = await asideName(path, now);
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      await rename(`${path}${suffix}`, `${aside}${suffix}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && suffix !== '') continue;
      throw error;
    }
  }
  return aside;
}
