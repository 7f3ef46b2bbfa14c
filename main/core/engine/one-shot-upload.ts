// Small media in one request (reference §6): a file that fits one segment, in a category the one-shot
// takes, goes as one signed multipart POST instead of INIT + APPEND + FINALIZE. The ledger walks the same
// states (uploading → finalizing → processing/succeeded) and progress moves as the body goes out. It is not
// resumable: a failed attempt is sent again whole, re-signed, by the same retry policy as every request.
import { oneShotTakes } from '../../common/one-shot.ts';
import type { Session } from '../../common/session.ts';
import type { MediaObject, UploadClient } from '../x-api/types.ts';
import { callWithRetry } from './request.ts';
import type { RunContext } from './run-context.ts';

/**
 * Whether this session goes in one request: the client speaks it (v2), the plan is one segment, the
 * category is one the one-shot takes, and nothing of a chunked upload is under way (a media id or acked
 * segments from an earlier run keep that run's path, so no acknowledged byte is sent twice).
 */
export function sendsInOneRequest(session: Session, client: UploadClient): boolean {
  return (
    client.uploadOnce !== undefined &&
    session.segmentsTotal === 1 &&
    oneShotTakes(session.mediaCategory) &&
    session.mediaId === null &&
    session.segmentsAcked === 0
  );
}

/**
 * Sends the session's file in one request; on success the session is `finalizing` with X's answer in hand.
 * `expectedHash`: the file's one segment hash when prepared; bytes read that differ cut the request short.
 */
export async function uploadInOneRequest(
  context: RunContext,
  session: Session,
  expectedHash: string | undefined,
): Promise<MediaObject> {
  const { client } = context;
  const { ledger } = context.options;
  if (!client.uploadOnce) throw new Error('engine: one-shot upload on a client without it');
  const uploadOnce = client.uploadOnce.bind(client);
  const media = await callWithRetry(
    context,
    (signal) =>
      uploadOnce(
        { mediaCategory: session.mediaCategory, additionalOwners: session.additionalOwners },
        { path: session.file, start: 0, length: session.totalBytes, expectedHash },
        { signal, pace: context.options.throttle.pacer(), onBytesSent: (bytes) => context.progress(false, bytes) },
      ),
    { request: 'upload (one request)', endpoint: 'upload' },
  );
  ledger.updateSession(session.id, { mediaId: media.mediaId });
  ledger.ackSegment(session.id, 0, session.totalBytes);
  ledger.transition(session.id, ['uploading'], 'finalizing');
  context.changed();
  context.progress(true);
  return media;
}
