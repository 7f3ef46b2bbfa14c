// The user's say over when a post goes out. A scheduled post that fell due while Xfer was closed is not
// sent late silently: it waits for a choice (send now, or reschedule), unless the preference says "send".
// Ledger steps only: the scheduler tells listeners and looks for due work afterwards.
import type { Ledger } from '../ledger/ledger.ts';
import type { Post } from '../ledger/post-types.ts';

export type MissedPolicy = 'ask' | 'send';

export const MISSED_NOTICE = 'Fell due while Xfer was closed: send now or reschedule';

/** Marks the scheduled posts that fell due while closed (or readies them, by the policy); calls back per post. */
export function markMissedPosts(
  ledger: Ledger,
  policy: (() => MissedPolicy) | undefined,
  now: number,
  onChanged: (postId: string) => void,
): void {
  for (const post of ledger.posts.list({ state: 'scheduled' })) {
    if (post.scheduledAt === null || post.scheduledAt > now || post.awaitingChoice) continue;
    if (policy?.() === 'send') {
      ledger.posts.transition(post.id, ['scheduled'], 'ready', {
        notice: 'Fell due while Xfer was closed; sent on start',
      });
    } else {
      ledger.posts.update(post.id, { awaitingChoice: true, notice: MISSED_NOTICE });
    }
    onChanged(post.id);
  }
}

/** "Send now" for a post waiting after it fell due while closed (or any scheduled, failed or cancelled one). */
export function readyNow(ledger: Ledger, id: string): Post {
  return ledger.posts.transition(id, ['scheduled', 'failed', 'cancelled'], 'ready', {
    awaitingChoice: false,
    notice: null,
    error: null,
    scheduledAt: null,
  });
}

/** A new time for a post: a scheduled one keeps its state, a ready, failed or cancelled one becomes scheduled. */
export function rescheduled(ledger: Ledger, id: string, at: number): Post {
  const current = ledger.posts.require(id);
  const patch = { scheduledAt: at, awaitingChoice: false, notice: null, error: null };
  return current.state === 'scheduled'
    ? ledger.posts.update(id, patch, ['scheduled'])
    : ledger.posts.transition(id, ['ready', 'failed', 'cancelled'], 'scheduled', patch);
}
