// A post's media through the existing upload engine: sessions are sent (or resumed) by the engine, the post waits
// until each is `succeeded` (processing done: posting a media id still in progress is X's "Your media IDs are
// invalid"), and a media id that expired (or will before the post goes out) is uploaded again as a new session.
import type { XferError } from '../../common/errors.ts';
import { xferError } from '../../common/errors.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Post } from '../ledger/post-types.ts';
import type { Session } from '../../common/session.ts';

export interface UploadPort {
  /** Queues ready (or retryably failed) sessions; idempotent for queued ones. */
  send(ids: readonly string[]): { refused: { id: string; error: XferError }[] };
  retry(id: string): { refused: { id: string; error: XferError }[] };
}

export type MediaReadiness =
  | { kind: 'ready'; mediaIds: string[] }
  | { kind: 'waiting'; percent: number | null }
  | { kind: 'failed'; error: XferError };

export interface MediaContext {
  ledger: Ledger;
  uploads: UploadPort;
  /** Records a new session for the same file, account, category and alt text (a fresh upload). */
  reprepare(session: Session): Promise<Session>;
  now: () => number;
}

const nameOf = (session: Session) => session.file.split(/[\\/]/).at(-1) ?? session.file;

/**
 * Moves every media session of the post towards `succeeded` with a media id usable until `usableUntil`.
 * Returns what the post can do now.
 */
export async function prepareMedia(context: MediaContext, post: Post, usableUntil: number): Promise<MediaReadiness> {
  const { ledger, uploads } = context;
  const mediaIds: string[] = [];
  let waiting = false;
  let progress = 0;
  for (const [index, id] of post.mediaSessionIds.entries()) {
    let session = ledger.getSession(id);
    if (!session) return { kind: 'failed', error: xferError('not_found', `Media session ${id} no longer exists.`) };
    if (session.state === 'succeeded' && session.mediaId !== null) {
      if (session.expiresAt === null || session.expiresAt > usableUntil) {
        mediaIds.push(session.mediaId);
        progress += 1;
        continue;
      }
      // Expired (or will be before the post goes out): a new session for the same file.
      session = await context.reprepare(session);
      const ids = [...post.mediaSessionIds];
      ids[index] = session.id;
      ledger.posts.update(post.id, {
        mediaSessionIds: ids,
        notice: `The media id of ${nameOf(session)} expired; uploading it again`,
      });
    }
    waiting = true;
    const refusal = startUpload(uploads, session);
    if (refusal) return { kind: 'failed', error: { ...refusal, message: `${nameOf(session)}: ${refusal.message}` } };
    if (session.totalBytes > 0) progress += session.bytesAcked / session.totalBytes;
  }
  if (waiting) return { kind: 'waiting', percent: Math.round((progress / post.mediaSessionIds.length) * 100) };
  return { kind: 'ready', mediaIds };
}

function startUpload(uploads: UploadPort, session: Session): XferError | null {
  switch (session.state) {
    case 'ready':
      return uploads.send([session.id]).refused[0]?.error ?? null;
    case 'failed':
      if (!session.error?.retryable) return session.error ?? xferError('validation', 'the upload failed');
      return uploads.send([session.id]).refused[0]?.error ?? null;
    case 'cancelled':
    case 'expired':
      return uploads.retry(session.id).refused[0]?.error ?? null;
    case 'draft':
      return xferError('validation', "the file fails X's rules; fix it on the Prepare screen");
    default:
      return null; // uploading, finalizing, processing: the engine is on it
  }
}
