// The file sent must be the one that was prepared: its fingerprint before any byte goes out, each
// segment's hash as it is read for sending, and every segment again before FINALIZE.
import { basename } from 'node:path';
import { XferFailure, fail, isXferFailure, xferError } from '../../common/errors.ts';
import type { SegmentHashes, Session } from '../../common/session.ts';
import { CHANGED_WHILE_SENT, hashSegments } from '../media/segment-hashes.ts';
import { describeChange, describeStatChange, edgeHashAlgorithmOf, statFile } from './fingerprint.ts';
import type { RunContext } from './run-context.ts';

/**
 * Fails with `file_changed` when the file is not the one that was prepared (fingerprint.ts). `edges: false`
 * checks its size and mtime only, for a body whose every byte is checked as it is read against hashes taken
 * when the file was prepared: there the edges' SHA-256 would only read again what that check reads anyway.
 */
export async function verifyUnchanged(
  context: RunContext,
  session: Session,
  { edges }: { edges: boolean } = { edges: true },
): Promise<void> {
  const change = edges
    ? describeChange(
        session.fingerprint,
        await context.options.fingerprint(session.file, edgeHashAlgorithmOf(session.fingerprint.edgeHash)),
      )
    : describeStatChange(session.fingerprint, await statFile(session.file));
  if (change) {
    fail(
      'file_changed',
      `${basename(session.file)} changed after it was prepared (${change}). Nothing was sent; prepare it again.`,
    );
  }
}

/** A segment's bytes, read for sending, were not those prepared: said with the file's name. */
export function changedWhileSent(session: Session, thrown: unknown): unknown {
  if (!isXferFailure(thrown) || thrown.error.kind !== 'file_changed') return thrown;
  if (!thrown.error.message.startsWith(CHANGED_WHILE_SENT)) return thrown;
  return new XferFailure(
    xferError(
      'file_changed',
      `${basename(session.file)}: ${CHANGED_WHILE_SENT}. Nothing was finalized; prepare it again once it is saved.`,
    ),
  );
}

/** Hashes the file again before FINALIZE: a part sent earlier (or in a run before a crash) may have changed. */
export async function checkUnchanged(session: Session, prepared: SegmentHashes): Promise<void> {
  let current: string[];
  try {
    current = await hashSegments(session.file, session, session.totalBytes);
  } catch (error) {
    fail('file_changed', `${basename(session.file)}: ${CHANGED_WHILE_SENT} (${(error as Error).message}).`);
  }
  const changed = current.findIndex((hash, index) => hash !== prepared.hashes[index]);
  if (changed >= 0) {
    fail(
      'file_changed',
      `${basename(session.file)}: ${CHANGED_WHILE_SENT} (segment ${changed + 1} of ${session.segmentsTotal} ` +
        'differs from what was prepared). Nothing was finalized; prepare it again once it is saved.',
    );
  }
}
