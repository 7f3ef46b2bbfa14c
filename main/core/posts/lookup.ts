// Finding a post X may already have, after an answer that never came (reference §7: X has no idempotency key).
import type { RecentPost } from '../x-api/posts-client.ts';

// X rewrites links to t.co in the text it returns: compare texts with every URL replaced by one token.
const URL_PATTERN = /\bhttps?:\/\/\S+|\b[a-z0-9-]+(\.[a-z0-9-]+)+\/\S*/gi;
// X's clock and ours differ a little; a post created before the attempt was recorded is not this one.
const CLOCK_SLACK_MS = 5 * 60 * 1000;

export function comparableText(text: string): string {
  return text.replace(URL_PATTERN, '<url>').trim();
}

export interface LookupTarget {
  text: string;
  mediaIds: readonly string[];
  /** When the first attempt whose outcome is unknown was recorded (ms since epoch). */
  attemptStartedAt: number;
  /** X ids already recorded for other posts: never claim one of them. */
  taken: ReadonlySet<string>;
}

/** The post among the account's newest that is this one, or null (then it was not created). */
export function findSentPost(recent: readonly RecentPost[], target: LookupTarget): RecentPost | null {
  const text = comparableText(target.text);
  const mediaSuffixes = target.mediaIds.map((id) => `_${id}`);
  return (
    recent.find(
      (post) =>
        !target.taken.has(post.postId) &&
        comparableText(post.text) === text &&
        (post.createdAt === null || post.createdAt >= target.attemptStartedAt - CLOCK_SLACK_MS) &&
        mediaSuffixes.every((suffix) => post.mediaKeys.some((key) => key.endsWith(suffix))),
    ) ?? null
  );
}
