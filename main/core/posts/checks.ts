// Offline checks of a post before anything is recorded as sendable or sent (reference §7): X's weighted text
// length, the media count and mix, each media session's own validation, the 2026 reply restriction, and the
// same text on several of the user's accounts. Pure over what the ledger knows.
import { LINK_COST_NOTE, mediaMixProblem, type PostCheck, type PostMediaKind } from '../../common/posts.ts';
import { measureText } from '../../common/post-text.ts';

export type { PostCheck };
import type { Account } from '../../common/account.ts';
import type { Post } from '../ledger/post-types.ts';
import type { Session } from '../../common/session.ts';

export interface PostDraft {
  text: string;
  mediaSessionIds: readonly string[];
  /** X post id this post replies to (the first of a thread). */
  replyTo: string | null;
}

export interface CheckContext {
  account: Account;
  sessions: ReadonlyMap<string, Session>;
  /** Every post the ledger knows (for replies and duplicates). */
  knownPosts: readonly Post[];
  accounts: readonly Account[];
}

const POST_CATEGORIES: Readonly<Record<string, PostMediaKind>> = {
  tweet_image: 'image',
  tweet_gif: 'gif',
  tweet_video: 'video',
  amplify_video: 'video',
};

const LIVE_STATES = new Set<Post['state']>(['draft', 'scheduled', 'ready', 'uploading', 'posting', 'posted']);

const handle = (account: Account | undefined) =>
  account ? (account.screenName ? `@${account.screenName}` : account.name) : 'an account not in Xfer';

export function checkMedia(context: CheckContext, ids: readonly string[]): string[] {
  const problems: string[] = [];
  const kinds: PostMediaKind[] = [];
  for (const id of ids) {
    const session = context.sessions.get(id);
    if (!session) {
      problems.push(`Media session ${id} does not exist.`);
      continue;
    }
    const name = session.file.split(/[\\/]/).at(-1) ?? session.file;
    if (session.accountId !== context.account.id)
      problems.push(`${name} was prepared for another account; a post's media must be its own account's.`);
    const kind = POST_CATEGORIES[session.mediaCategory];
    if (!kind) problems.push(`${name} is prepared as ${session.mediaCategory}, which cannot be attached to a post.`);
    else kinds.push(kind);
    if (session.state === 'draft') {
      const reasons = session.validation?.findings.filter((finding) => finding.severity === 'error') ?? [];
      problems.push(
        `${name} fails X's rules: ${reasons.map((finding) => finding.message).join('; ') || 'see the session'}.`,
      );
    }
    if (session.state === 'failed' && session.error && !session.error.retryable)
      problems.push(`${name} failed to upload: ${session.error.message}`);
  }
  const mix = mediaMixProblem(kinds);
  if (mix) problems.push(mix);
  return problems;
}

/**
 * Since February 2026 a self-serve app may reply only to the user's own posts (or ones mentioning them).
 * Offline Xfer knows the posts it made: a reply to another account's post is refused here; one to a post it
 * does not know is left to X, with a warning.
 */
function checkReply(context: CheckContext, replyTo: string, check: PostCheck): void {
  if (!/^[0-9]{1,19}$/.test(replyTo)) {
    check.problems.push(`"${replyTo}" is not a post id (digits only).`);
    return;
  }
  const target = context.knownPosts.find((post) => post.postId === replyTo);
  if (!target) {
    check.warnings.push(
      `Xfer did not make post ${replyTo}, so it cannot check offline that it is ${handle(context.account)}'s: X refuses replies to other users' posts (unless they mention you).`,
    );
    return;
  }
  if (target.accountId !== context.account.id) {
    const author = context.accounts.find((account) => account.id === target.accountId);
    check.problems.push(
      `Post ${replyTo} is ${handle(author)}'s, not ${handle(context.account)}'s: X lets an app reply only to the user's own posts or ones that mention them (since February 2026).`,
    );
  }
}

export function checkPost(
  context: CheckContext,
  draft: PostDraft,
  self?: { id?: string; threadId?: string | null },
): PostCheck {
  const check: PostCheck = { problems: [], warnings: [] };
  const text = measureText(draft.text, context.account.tier);
  if (draft.text.trim() === '' && draft.mediaSessionIds.length === 0)
    check.problems.push('A post needs text or media.');
  if (text.over)
    check.problems.push(
      `The text is ${text.weighted} weighted characters; ${context.account.tier === 'premium' ? 'Premium accounts' : 'X'} allow${context.account.tier === 'premium' ? '' : 's'} ${text.limit} (URLs count 23, CJK and emoji 2).`,
    );
  check.problems.push(...checkMedia(context, draft.mediaSessionIds));
  if (draft.replyTo !== null) checkReply(context, draft.replyTo, check);
  if (draft.text.trim() !== '') {
    const same = context.knownPosts.filter(
      (post) =>
        post.text === draft.text &&
        post.id !== self?.id &&
        LIVE_STATES.has(post.state) &&
        (self?.threadId == null || post.threadId !== self.threadId),
    );
    if (same.some((post) => post.accountId === context.account.id))
      check.problems.push(
        `${handle(context.account)} already has a post with this text: X refuses duplicate content (403).`,
      );
    const others = [
      ...new Set(same.filter((post) => post.accountId !== context.account.id).map((post) => post.accountId)),
    ];
    if (others.length > 0) {
      const names = others.map((id) => handle(context.accounts.find((account) => account.id === id))).join(', ');
      check.warnings.push(
        `The same text is also queued or posted on ${names}: X's automation rules forbid posting identical content from several accounts.`,
      );
    }
  }
  if (text.urls.length > 0) check.warnings.push(LINK_COST_NOTE);
  return check;
}
