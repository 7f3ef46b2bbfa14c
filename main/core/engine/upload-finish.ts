// A session's way after X holds every byte (reference §1): FINALIZE (or the one-shot's answer, which is
// already FINALIZE's), STATUS polls while X processes, then the alt text and succeeded.
import { XferFailure, fail, isXferFailure, xferError } from '../../common/errors.ts';
import type { XferError } from '../../common/errors.ts';
import type { Session } from '../../common/session.ts';
import type { MediaObject } from '../x-api/types.ts';
import { callWithRetry } from './request.ts';
import type { RunContext } from './run-context.ts';
import { MediaGone } from './run-context.ts';

export async function finalize(context: RunContext): Promise<MediaObject> {
  const mediaId = requireMediaId(context.session());
  const media = await callWithRetry(context, (signal) => context.client.finalize(mediaId, { signal }), {
    request: 'FINALIZE',
    endpoint: 'finalize',
  });
  return recordFinalized(context, media);
}

/** FINALIZE's answer (or the one-shot's) in the ledger: processing when X is still at it. */
export function recordFinalized(context: RunContext, media: MediaObject): MediaObject {
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
export async function awaitProcessing(context: RunContext, first: MediaObject | null): Promise<MediaObject> {
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
      endpoint: 'status',
    });
    const percent = latest.processingInfo?.progressPercent;
    if (percent !== undefined) {
      ledger.updateSession(context.sessionId, { processingPercent: percent });
      context.progress();
    }
  }
}

/** Alt text (if any), then succeeded. A refused alt text does not undo the upload: it becomes the notice. */
export async function complete(context: RunContext, media: MediaObject | null): Promise<void> {
  const { ledger, now } = context.options;
  const session = context.session();
  const mediaId = requireMediaId(session);
  let notice = session.notice;
  if (session.altText) {
    try {
      const text = session.altText;
      await callWithRetry(context, (signal) => context.client.setAltText(mediaId, text, { signal }), {
        request: 'alt text',
        endpoint: 'metadata',
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
