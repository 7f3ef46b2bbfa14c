// One session's way through X's flow (reference §1): INIT → APPEND × n → FINALIZE → STATUS → alt text.
// It starts from whatever state the ledger holds, so the same code sends a new session and resumes one
// left mid-flight by a crash, a pause or a lost connection.
import { basename } from 'node:path';
import { XferFailure, fail, isXferFailure, xferError } from '../../common/errors.ts';
import type { XferError } from '../../common/errors.ts';
import type { SegmentHashes, Session } from '../../common/session.ts';
import { CHANGED_WHILE_SENT, hashSegments } from '../media/segment-hashes.ts';
import type { MediaObject } from '../x-api/types.ts';
import { appendMissing } from './append-pool.ts';
import { MAX_CHUNK_BYTES_BY_API, MAX_SEGMENTS, planChunks } from './chunk-plan.ts';
import { describeChange } from './fingerprint.ts';
import { sendsInOneRequest, uploadInOneRequest } from './one-shot-upload.ts';
import { callWithRetry } from './request.ts';
import { segmentHashesFor } from './segment-hash-jobs.ts';
import type { RunContext } from './run-context.ts';
import { MediaGone, Offline } from './run-context.ts';

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

  // The file must be the one that was validated before any of its bytes go out. INIT carries none of them
  // (only its size and type), so the fingerprint is read while INIT is on the way and awaited before the
  // first APPEND (or the one-shot, which carries the bytes): a changed file is still never sent.
  const verified = verifyUnchanged(context, session);
  verified.catch(() => undefined); // awaited below on every path; this only keeps an early failure handled

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
  if (sendsInOneRequest(session, context.client)) {
    await verified;
    return uploadInOneRequest(context, session);
  }

  // Taken when it was prepared (or now, alongside INIT): every segment read for sending is checked against it.
  const hashing = segmentHashesFor(ledger, session);
  hashing.catch(() => undefined); // awaited below, after the file is known unchanged

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
      { request: 'INIT' },
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

  await appendMissing(context, session, mediaId, hashes.hashes).catch((thrown: unknown) => {
    throw changedWhileSent(session, thrown);
  });
  // A part already sent may have changed since: X would assemble bytes that are not the file's.
  await checkUnchanged(session, hashes);
  const acked = ledger.ackedSegments(session.id).length;
  if (acked !== session.segmentsTotal) throw new Error(`engine: ${acked} of ${session.segmentsTotal} segments acked`);
  ledger.transition(session.id, ['uploading'], 'finalizing');
  context.changed();
  context.progress(true);
  return null;
}

async function finalize(context: RunContext): Promise<MediaObject> {
  const mediaId = requireMediaId(context.session());
  const media = await callWithRetry(context, (signal) => context.client.finalize(mediaId, { signal }), {
    request: 'FINALIZE',
  });
  return recordFinalized(context, media);
}

/** FINALIZE's answer (or the one-shot's) in the ledger: processing when X is still at it. */
function recordFinalized(context: RunContext, media: MediaObject): MediaObject {
  const { ledger, now } = context.options;
  const expiresAt = media.expiresAfterSecs !== undefined ? now() + media.expiresAfterSecs * 1000 : null;
  const info = media.processingInfo;
  if (info?.state === 'failed') throw processingFailure(info.error);
  if (info && info.state !== 'succeeded') {
    ledger.transition(context.sessionId, ['finalizing'], 'processing', {
      expiresAt,
      processingPercent: info.progressPercent ?? 0,
    });
    context.changed();
    context.progress(true);
  } else {
    ledger.updateSession(context.sessionId, { expiresAt });
  }
  return media;
}

/** Polls STATUS no sooner than X's check_after_secs (capped both ways) until processing ends. */
async function awaitProcessing(context: RunContext, first: MediaObject | null): Promise<MediaObject> {
  const { ledger, now, processing } = context.options;
  const mediaId = requireMediaId(context.session());
  const startedAt = now();
  let latest = first;
  for (;;) {
    const info = latest?.processingInfo;
    if (latest && (!info || info.state === 'succeeded')) return latest;
    if (info?.state === 'failed') throw processingFailure(info.error);
    if (latest) {
      if (now() - startedAt > processing.maxWaitMs) {
        fail(
          'server',
          `X was still processing media ${mediaId} after ${Math.round(processing.maxWaitMs / 60_000)} min.`,
          {
            retryable: true,
          },
        );
      }
      const asked = (info?.checkAfterSecs ?? 1) * 1000;
      // On the engine's one poll loop: the STATUS polls of every file processing go out together.
      await context.pollWait(Math.min(processing.maxPollIntervalMs, Math.max(processing.minPollIntervalMs, asked)));
    }
    latest = await callWithRetry(context, (signal) => context.client.status(mediaId, { signal }), {
      request: 'STATUS',
    });
    const percent = latest.processingInfo?.progressPercent;
    if (percent !== undefined) {
      ledger.updateSession(context.sessionId, { processingPercent: percent });
      context.progress();
    }
  }
}

/** Alt text (if any), then succeeded. A refused alt text does not undo the upload: it becomes the notice. */
async function complete(context: RunContext, media: MediaObject | null): Promise<void> {
  const { ledger, now } = context.options;
  const session = context.session();
  const mediaId = requireMediaId(session);
  let notice = session.notice;
  if (session.altText) {
    try {
      const text = session.altText;
      await callWithRetry(context, (signal) => context.client.setAltText(mediaId, text, { signal }), {
        request: 'alt text',
      });
    } catch (thrown) {
      if (!isXferFailure(thrown)) throw thrown;
      notice = `Uploaded, but X did not take the alt text: ${thrown.error.message}`;
    }
  }
  const expiresAfterSecs = media?.expiresAfterSecs;
  ledger.transition(session.id, ['finalizing', 'processing'], 'succeeded', {
    notice,
    error: null,
    processingPercent: session.state === 'processing' ? 100 : session.processingPercent,
    // FINALIZE's expires_after_secs set expiresAt; when it had none, STATUS's may.
    ...(session.expiresAt === null && expiresAfterSecs !== undefined
      ? { expiresAt: now() + expiresAfterSecs * 1000 }
      : {}),
  });
  context.changed();
  context.progress(true);
}

/** Fails with `file_changed` when the file is not the one that was prepared (fingerprint.ts). */
async function verifyUnchanged(context: RunContext, session: Session): Promise<void> {
  const change = describeChange(session.fingerprint, await context.options.fingerprint(session.file));
  if (change) {
    fail(
      'file_changed',
      `${basename(session.file)} changed after it was prepared (${change}). Nothing was sent; prepare it again.`,
    );
  }
}

/** A segment's bytes, read for sending, were not those prepared: said with the file's name. */
function changedWhileSent(session: Session, thrown: unknown): unknown {
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
async function checkUnchanged(session: Session, prepared: SegmentHashes): Promise<void> {
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

function requireMediaId(session: Session): string {
  if (session.mediaId === null) throw new MediaGone('the ledger holds no media id');
  return session.mediaId;
}

/** X's processing error, verbatim: its name in `name`, its message as the message (reference §1 "Processing"). */
function processingFailure(error: { code?: number; name?: string; message?: string } | undefined): XferFailure {
  const extra: Partial<XferError> = { name: error?.name ?? 'ProcessingFailed' };
  if (error?.code !== undefined) extra.code = error.code;
  return new XferFailure(xferError('processing_failed', error?.message ?? 'X could not process the media.', extra));
}
