// Preparing: validate each file offline, fingerprint it, plan its chunks, and record one session
// per file — "ready" when it passes, "draft" (with the reasons) when it does not. No network.
import type { ConversionRecord } from '../../common/conversion.ts';
import type { AccountRegistry } from '../accounts/registry.ts';
import type { Account } from '../../common/account.ts';
import { isXferFailure, xferError, type XferError } from '../../common/errors.ts';
import { planChunks, startSegmentHashes } from '../engine/index.ts';
import type { Ledger, NewSession } from '../ledger/index.ts';
import type { SegmentHashes, Session } from '../../common/session.ts';
import type { MediaCategory, ValidationResult } from '../../common/media-types.ts';
import { ALT_TEXT_MAX, altTextLength } from '../../common/limits.ts';
import { fail } from '../../common/errors.ts';
import { resolveOwners } from './owners.ts';
import { readForPrepare } from './small-file-reading.ts';

export interface PrepareItem {
  path: string;
  accountId: string;
  /** Without one, the Post category that fits what the bytes are. */
  category?: MediaCategory | undefined;
  /** X user ids, or own accounts by id or name. */
  owners?: readonly string[] | undefined;
  altText?: string | null | undefined;
  /** When `path` is a copy Xfer made to fit X: what it was made from, kept with the session. */
  conversion?: ConversionRecord | undefined;
}

export interface PrepareDeps {
  ledger: Ledger;
  accounts: AccountRegistry;
}

export async function checkFile(
  accounts: AccountRegistry,
  path: string,
  options: {
    accountId?: string | undefined;
    category?: MediaCategory | undefined;
    altText?: string | null | undefined;
  },
): Promise<ValidationResult> {
  const tier = options.accountId ? accounts.get(options.accountId).tier : 'standard';
  // Loaded on first use: the media inspectors are the heaviest imports, and most commands never validate.
  const { validateFile } = await import('../media/validate-file.ts');
  return validateFile(path, {
    tier,
    ...(options.category && { category: options.category }),
    ...(options.altText && { altText: options.altText }),
  });
}

/** Files read and checked at once by a prepare. */
const PREPARE_AT_ONCE = 3;

/** Validates and records every item; all sessions are written in one transaction. */
export async function prepareSessions(deps: PrepareDeps, items: readonly PrepareItem[]): Promise<Session[]> {
  const allAccounts = deps.accounts.list();
  const drafts: NewSession[] = new Array<NewSession>(items.length);
  const hashes: (SegmentHashes | null)[] = new Array<SegmentHashes | null>(items.length).fill(null);
  // A few files at once: one's reads wait on the disk while another's bytes are hashed.
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) {
      const { draft, segmentHashes } = await draftAndHashes(deps, allAccounts, items[index]!);
      drafts[index] = draft;
      hashes[index] = draft.state === 'ready' ? segmentHashes : null;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PREPARE_AT_ONCE, items.length) }, worker));
  // A small file's hashes, taken from the read its fingerprint came from, are recorded with its session.
  const sessions = deps.ledger.insertSessions(drafts, hashes);
  // A larger file's, in the background: the sender checks every segment it reads against them.
  for (const session of sessions) startSegmentHashes(deps.ledger, session);
  return sessions;
}

/** The session an item would be (ready or draft, with reasons): for a new session, or to refresh one after an edit. */
export async function draftFor(
  deps: PrepareDeps,
  allAccounts: readonly Account[],
  item: PrepareItem,
): Promise<NewSession> {
  return (await draftAndHashes(deps, allAccounts, item)).draft;
}

/** The draft, and a small file's segment hashes taken from the same read as its fingerprint (else null). */
async function draftAndHashes(
  deps: PrepareDeps,
  allAccounts: readonly Account[],
  item: PrepareItem,
): Promise<{ draft: NewSession; segmentHashes: SegmentHashes | null }> {
  const account = deps.accounts.get(item.accountId);
  const altText = item.altText?.trim() ? item.altText.trim() : null;
  if (altText !== null && altTextLength(altText) > ALT_TEXT_MAX) {
    fail('bad_request', `Alt text is ${altTextLength(altText)} characters; X allows at most ${ALT_TEXT_MAX}`);
  }
  const additionalOwners = resolveOwners(item.owners ?? [], allAccounts);
  const validation = await checkFile(deps.accounts, item.path, {
    accountId: account.id,
    category: item.category,
    altText,
  });
  const read = await readForPrepare(item.path).then(
    ({ fingerprint, segmentHashes }) => ({ fingerprint, segmentHashes, error: null }),
    (thrown: unknown) => ({ fingerprint: null, segmentHashes: null, error: unreadable(item.path, thrown) }),
  );
  const fingerprint = read.fingerprint;
  let plan = { chunkSize: 0, segmentsTotal: 0 };
  let ok = validation.ok && fingerprint !== null;
  let error: XferError | null = read.error;
  if (ok && fingerprint) {
    try {
      plan = planChunks(fingerprint.size);
    } catch (thrown) {
      if (!isXferFailure(thrown)) throw thrown;
      ok = false;
      error = thrown.error;
    }
  }
  const draft: NewSession = {
    state: ok ? 'ready' : 'draft',
    file: item.path,
    fingerprint: fingerprint ?? { size: 0, mtimeMs: 0, edgeHash: '' },
    accountId: account.id,
    api: account.api,
    totalBytes: fingerprint?.size ?? 0,
    mediaType: validation.inspection?.mediaType ?? validation.fields.media_type.value ?? 'application/octet-stream',
    mediaCategory: validation.category,
    additionalOwners,
    altText,
    validation,
    chunkSize: plan.chunkSize,
    segmentsTotal: plan.segmentsTotal,
    error,
    conversion: item.conversion ?? null,
  };
  return { draft, segmentHashes: read.segmentHashes };
}

/**
 * Why a file cannot be read at prepare: it is not there (not_found) or the system refuses it (validation, with
 * the system's reason). Never "file_changed": nothing was prepared yet for it to change from. A bug is rethrown.
 */
function unreadable(path: string, thrown: unknown): XferError {
  // fingerprintFile says "file_changed" (right before a send); the system's error under it says what happened.
  const cause = isXferFailure(thrown) ? thrown.cause : thrown;
  const code = (cause as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') {
    if (isXferFailure(thrown)) return thrown.error;
    throw thrown;
  }
  if (code === 'ENOENT') return xferError('not_found', `No file at ${path} (it was moved or deleted)`);
  const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'a folder' : code;
  return xferError('validation', `Cannot read ${path}: ${reason} (${code})`);
}
