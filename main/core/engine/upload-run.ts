// One session's way through X's flow (reference §1): INIT → APPEND × n → FINALIZE → STATUS → alt text.
// It starts from whatever state the ledger holds, so the same code sends a new session and resumes one
// left mid-flight by a crash, a pause or a lost connection. Here: the bytes; after them, upload-finish.ts.
import { fail, isXferFailure } from '../../common/errors.ts';
import type { XferError } from '../../common/errors.ts';
import type { Session } from '../../common/session.ts';
import type { MediaObject } from '../x-api/types.ts';
import { appendMissing } from './append-pool.ts';
import { MAX_CHUNK_BYTES_BY_API, MAX_SEGMENTS, planChunks } from './chunk-plan.ts';
import { sendsInOneRequest, uploadInOneRequest } from './one-shot-upload.ts';
import { callWithRetry } from './request.ts';
import { preparedSegmentHashes, segmentHashesFor } from './segment-hash-jobs.ts';
import type { RunContext } from './run-context.ts';
import { MediaGone, Offline } from './run-context.ts';
import { changedWhileSent, checkUnchanged, verifyUnchanged } from './unchanged-file.ts';
import { stampFile, unwrittenBetween } from './write-quiet.ts';
import { awaitProcessing, complete, finalize, recordFinalized } from './upload-finish.ts';

export type RunOutcome =
  | { kind: 'succeeded' }
  | { kind: 'failed'; error: XferError }
  /** The run's signal aborted: the engine knows why (cancel, pause, close). */
  | { kind: 'stopped' }
  | { kind: 'offline'; message: string }
  /** The ledger could not be written for want of space: the engine waits for room and goes on. */
  | { kind: 'disk_full'; error: XferError };

/** How many times one run may start over with a fresh INIT before it gives up. */
const MAX_RESTARTS = 2;

export async function runUpload(context: RunContext): Promise<RunOutcome> {
  try {
    await drive(context);
    return { kind: 'succeeded' };
  } catch (thrown) {
    if (context.signal.aborted) return { kind: 'stopped' };
    if (thrown instanceof Offline) return { kind: 'offline', message: thrown.message };
    if (isXferFailure(thrown)) return { kind: 'failed', error: thrown.error };
    throw thrown;
  }
}

async function drive(context: RunContext): Promise<void> {
  let startNotice: string | null = null;
  for (let restarts = 0; ; restarts++) {
    try {
      let session = context.session();
      // X's answer to a one-shot upload, which is already what FINALIZE would answer.
      let finalized: MediaObject | null = null;
      if (session.state === 'ready' || session.state === 'uploading') {
        finalized = await upload(context, startNotice);
        session = context.session();
      }
      // X holds every byte: the account's next file may start while this one finalizes and processes.
      context.doneSending();
      let processed: MediaObject | null = null;
      if (session.state === 'finalizing') {
        processed = finalized ? recordFinalized(context, finalized) : await finalize(context);
      }
      if (context.session().state === 'processing') processed = await awaitProcessing(context, processed);
      await complete(context, processed);
      return;
    } catch (thrown) {
      if (!(thrown instanceof MediaGone) || context.signal.aborted) throw thrown;
      const mediaId = context.session().mediaId;
      if (restarts >= MAX_RESTARTS) {
        fail(
          'not_found_or_expired',
          `X kept losing the media id (${thrown.message}); gave up after ${restarts} new INITs.`,
          {
            retryable: true,
          },
        );
      }
      startNotice = `X no longer knows media id ${mediaId ?? '(none)'} (${thrown.message}); started over with a new INIT.`;
      startOver(context, startNotice);
    }
  }
}

/** Forgets the media id and acked segments; a session past uploading goes back to ready to upload again. */
function startOver(context: RunContext, notice: string): void {
  const { ledger } = context.options;
  const session = ledger.resetUpload(context.sessionId, { notice });
  if (session.state !== 'ready' && session.state !== 'uploading') {
    ledger.transition(context.sessionId, [session.state], 'ready', { notice });
  }
  context.changed();
}

/** Sends what X lacks; returns X's media object when the file went in one request (no FINALIZE needed). */
async function upload(context: RunContext, startNotice: string | null): Promise<MediaObject | null> {
  const { ledger, now, expiryMarginMs } = context.options;
  let session = context.session();

  // Read before this run counts as an attempt (below): whether recorded hashes can only be the prepared file's.
  const firstAttempt = session.attempts === 0;

  if (session.state === 'ready') {
    session = ledger.transition(session.id, ['ready'], 'uploading', {
      attempts: session.attempts + 1,
      error: null,
      notice: startNotice,
    });
    context.changed();
    context.progress(true);
  }
  if (!planFits(session)) {
    // Planned for another dialect (reassigned to a v1.1 account) or never planned: acked segments of the
    // old plan do not line up with the new one, so the upload starts over.
    if (session.mediaId !== null || session.segmentsAcked > 0) session = ledger.resetUpload(session.id);
    session = ledger.updateSession(session.id, planChunks(session.totalBytes, session.api));
  }
  const oneRequest = sendsInOneRequest(session, context.client);
  // The file must be the one that was validated before any of its bytes go out. INIT carries none of them
  // (only its size and type), so the fingerprint is read while INIT is on the way and awaited before the
  // first APPEND (or the one-shot, which carries the bytes): a changed file is still never sent. A one-shot
  // whose hash was taken when the file was prepared checks the file's size and mtime only: every byte of it
  // is checked against that hash as it is read, and the request is cut off before its last bytes if one
  // differs (so X never holds it), which covers the edges the fingerprint would read again.
  const prepared = oneRequest ? await preparedSegmentHashes(ledger, session, firstAttempt) : null;
  const verified = verifyUnchanged(context, session, { edges: prepared === null });
  verified.catch(() => undefined); // awaited below on every path; this only keeps an early failure handled

  // Taken when it was prepared (or now, alongside INIT): every segment read for sending is checked against it,
  // the one-shot's too (the fingerprint reads only the file's edges: an edit in its middle is caught here).
  const hashing = segmentHashesFor(ledger, session);
  hashing.catch(() => undefined); // awaited below, after the file is known unchanged
  // Taken before any segment of this run is read: if the file is not written to from here to FINALIZE, the
  // bytes its APPENDs checked as they read them are still the file's, and the re-hash has nothing to find.
  const sentAllThisRun = session.segmentsAcked === 0;
  const stamping = oneRequest || !sentAllThisRun ? Promise.resolve(null) : stampFile(session.file);

  if (oneRequest) {
    await verified;
    const [expectedHash] = (await hashing).hashes;
    return uploadInOneRequest(context, session, expectedHash).catch((thrown: unknown) => {
      throw changedWhileSent(session, thrown);
    });
  }

  // Reuse the media id while X still has it: only the segments not yet acked are sent (reference §1 "Expiry").
  let mediaId = session.mediaId;
  if (mediaId === null || session.expiresAt === null || session.expiresAt - now() < expiryMarginMs) {
    if (mediaId !== null) {
      ledger.resetUpload(session.id, {
        notice: `Media id ${mediaId} expired before the upload finished; started over with a new INIT.`,
      });
    }
    const initializing = callWithRetry(
      context,
      (signal) =>
        context.client.init(
          {
            totalBytes: session.totalBytes,
            mediaType: session.mediaType,
            mediaCategory: session.mediaCategory,
            additionalOwners: session.additionalOwners,
          },
          { signal },
        ),
      { request: 'INIT', endpoint: 'initialize' },
    );
    // A changed file is the failure to report, whatever became of INIT meanwhile.
    const init = await initializing.catch(async (thrown: unknown) => {
      await verified;
      throw thrown;
    });
    mediaId = init.mediaId;
    session = ledger.updateSession(session.id, { mediaId, expiresAt: now() + init.expiresAfterSecs * 1000 });
    context.changed();
  }
  await verified;
  const hashes = await hashing;
  const stampAtStart = await stamping;

  await appendMissing(context, session, mediaId, hashes.hashes).catch((thrown: unknown) => {
    throw changedWhileSent(session, thrown);
  });
  // A part already sent may have changed since: X would assemble bytes that are not the file's. Unless the
  // file was not written to since this run began (its change time says so) and every segment went in this
  // run, checked against the prepared hash as it was read, the file is read again to hash it.
  const quiet = stampAtStart !== null && unwrittenBetween(stampAtStart, await stampFile(session.file));
  if (!quiet) await checkUnchanged(session, hashes);
  const acked = ledger.ackedSegments(session.id).length;
  if (acked !== session.segmentsTotal) throw new Error(`engine: ${acked} of ${session.segmentsTotal} segments acked`);
  ledger.transition(session.id, ['uploading'], 'finalizing');
  context.changed();
  context.progress(true);
  return null;
}

/** Whether the session's chunk plan covers its file within the limits of its API (reference §1 "Segments"). */
function planFits(session: Session): boolean {
  const { chunkSize, segmentsTotal, totalBytes } = session;
  return (
    chunkSize > 0 &&
    chunkSize <= MAX_CHUNK_BYTES_BY_API[session.api] &&
    segmentsTotal <= MAX_SEGMENTS &&
    segmentsTotal === Math.ceil(totalBytes / chunkSize)
  );
}
