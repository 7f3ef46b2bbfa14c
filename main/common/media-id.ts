// Whether a session's media id can be used in a Post: only once the upload succeeded and until X
// forgets it (expires_after_secs). One rule for the window's Copy button and for main, which
// refuses to copy anything else: a cancelled or unfinished upload's id looks usable but is not.
import type { SessionState } from './session.ts';

export type MediaIdUse = 'usable' | 'expired' | 'unfinished' | 'unusable' | 'none';

export function mediaIdUse(
  session: { state: SessionState; mediaId: string | null; expiresAt: number | null },
  now: number,
): MediaIdUse {
  if (session.mediaId === null) return 'none';
  if (session.state === 'expired' || (session.expiresAt !== null && session.expiresAt <= now)) return 'expired';
  if (session.state === 'succeeded') return 'usable';
  if (session.state === 'cancelled' || session.state === 'failed') return 'unusable';
  return 'unfinished';
}

/** What the window says instead of Copy. */
export const MEDIA_ID_WORDS: Record<Exclude<MediaIdUse, 'usable' | 'none'>, string> = {
  expired: 'Media id expired: X no longer accepts it',
  unfinished: 'Media id usable once the upload finishes',
  unusable: 'Media id unusable: the upload did not finish',
};
