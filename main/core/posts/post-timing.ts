// When a post's work falls due. Pure: the scheduler passes the clock.
import type { Post } from '../ledger/post-types.ts';

/** Media upload starts this long before a scheduled post (never a day: X keeps a media id ~24 h). */
export const DEFAULT_MEDIA_LEAD_MS = 2 * 60 * 60 * 1000;

/** Due now: past the scheduled state, or scheduled for now or earlier and not waiting for the user's choice. */
export function isDue(post: Post, now: number): boolean {
  return post.state !== 'scheduled' || (!post.awaitingChoice && (post.scheduledAt ?? 0) <= now);
}

/** A scheduled post with media whose upload should start now, ahead of its time by the lead. */
export function mediaUploadDue(post: Post, now: number, leadMs: number): boolean {
  return post.state === 'scheduled' && post.mediaSessionIds.length > 0 && (post.scheduledAt ?? 0) - leadMs <= now;
}
