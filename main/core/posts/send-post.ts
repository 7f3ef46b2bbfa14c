// Sending one post exactly once (reference §7). The attempt is committed (state `posting`, attemptStartedAt)
// before POST /2/tweets goes out; while that mark stands the outcome is unknown, and before any resend the post
// is looked up among the account's newest posts: found → that id is recorded; not found → it is sent again.
// A 403 duplicate-content after an unknown outcome means "look it up", never "failed".
import { XferFailure, isXferFailure, xferError, type XferError } from '../../common/errors.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Post } from '../ledger/post-types.ts';
import type { PostsClient } from '../x-api/posts-client.ts';
import { findSentPost } from './lookup.ts';

export type SendOutcome =
  | { kind: 'posted'; post: Post; foundByLookup: boolean }
  /** Refused for good (402, 403, 400 …): the post is `failed` with X's words. */
  | { kind: 'refused'; post: Post; error: XferError }
  /** Nothing is known yet (network, 5xx, 429): the post stays as recorded; try again later. */
  | { kind: 'unknown'; post: Post; error: XferError }
  /** X refused before creating it, for a reason a later attempt can fix (429, media to re-upload). */
  | { kind: 'not_sent'; post: Post; error: XferError };

export interface SendContext {
  ledger: Ledger;
  client: PostsClient;
  /** The account's X user id, for the lookup. */
  userId: string;
  now: () => number;
  signal?: AbortSignal;
}

export interface SendRequest {
  mediaIds: readonly string[];
  inReplyTo: string | null;
}

const UNKNOWN_KINDS = new Set<XferError['kind']>(['network', 'server']);

function takenIds(ledger: Ledger, except: string): Set<string> {
  return new Set(
    ledger.posts
      .list({ state: 'posted' })
      .filter((post) => post.id !== except && post.postId !== null)
      .map((post) => post.postId as string),
  );
}

/** Looks the post up; records it posted when X has it. Throws an XferFailure when the lookup itself fails. */
async function lookUp(context: SendContext, post: Post, request: SendRequest): Promise<Post | null> {
  const recent = await context.client.recent(context.userId, { signal: context.signal });
  const found = findSentPost(recent, {
    text: post.text,
    mediaIds: request.mediaIds,
    attemptStartedAt: post.attemptStartedAt ?? post.createdAt,
    taken: takenIds(context.ledger, post.id),
  });
  if (!found) return null;
  return context.ledger.posts.transition(post.id, ['posting'], 'posted', {
    postId: found.postId,
    attemptStartedAt: null,
    error: null,
    notice: 'Found among the account’s posts after an unanswered attempt',
    postedAt: found.createdAt ?? context.now(),
  });
}

export async function sendPost(context: SendContext, postId: string, request: SendRequest): Promise<SendOutcome> {
  const { ledger } = context;
  let post = ledger.posts.require(postId);
  // An attempt whose outcome never came back (a crash, a dropped answer): look before sending again.
  const unknownBefore = post.attemptStartedAt !== null;
  try {
    if (post.state !== 'posting') {
      post = ledger.posts.transition(postId, ['ready', 'uploading'], 'posting', {
        attemptStartedAt: post.attemptStartedAt ?? context.now(),
        error: null,
        notice: null,
      });
    }
    if (unknownBefore) {
      const found = await lookUp(context, post, request);
      if (found) return { kind: 'posted', post: found, foundByLookup: true };
    }
  } catch (thrown) {
    if (!isXferFailure(thrown)) throw thrown;
    return { kind: 'unknown', post: ledger.posts.require(postId), error: thrown.error };
  }
  // Committed before the request goes out: from here until X answers, the outcome is unknown.
  post = ledger.posts.update(postId, { attempts: post.attempts + 1 });
  try {
    const created = await context.client.create(
      { text: post.text, mediaIds: request.mediaIds, inReplyTo: request.inReplyTo },
      { signal: context.signal },
    );
    const posted = ledger.posts.transition(postId, ['posting'], 'posted', {
      postId: created.postId,
      attemptStartedAt: null,
      error: null,
      notice: null,
      postedAt: context.now(),
    });
    return { kind: 'posted', post: posted, foundByLookup: false };
  } catch (thrown) {
    if (!(thrown instanceof XferFailure)) throw thrown;
    return settleFailure(context, postId, request, thrown.error, unknownBefore);
  }
}

async function settleFailure(
  context: SendContext,
  postId: string,
  request: SendRequest,
  error: XferError,
  unknownBefore: boolean,
): Promise<SendOutcome> {
  const { ledger } = context;
  const post = ledger.posts.require(postId);
  // X may have created it: keep the attempt mark, so the next try looks it up first.
  if (UNKNOWN_KINDS.has(error.kind)) {
    return {
      kind: 'unknown',
      post: ledger.posts.update(postId, { notice: `Outcome unknown (${error.message}); will look it up` }),
      error,
    };
  }
  if (error.kind === 'duplicate_content' && unknownBefore) {
    try {
      const found = await lookUp(context, post, request);
      if (found) return { kind: 'posted', post: found, foundByLookup: true };
    } catch (thrown) {
      if (!isXferFailure(thrown)) throw thrown;
      return { kind: 'unknown', post, error: thrown.error };
    }
  }
  // X answered, and did not create the post: the outcome is known.
  if (error.kind === 'not_found_or_expired' && !aboutMedia(error, request)) {
    // Sending it again (or uploading its media again) cannot bring the post it replies to back.
    const reason = `${error.message} — the post it replies to (${request.inReplyTo}) is not on X (deleted, or never posted)`;
    const failed = ledger.posts.transition(postId, ['posting'], 'failed', {
      attemptStartedAt: null,
      error: { ...error, message: reason, retryable: false },
      notice: null,
    });
    return { kind: 'refused', post: failed, error };
  }
  if (error.kind === 'rate_limited' || error.kind === 'not_found_or_expired') {
    const notice =
      error.kind === 'rate_limited'
        ? "Rate limited: the account's posts wait for X's window"
        : 'A media id expired; uploading again';
    return {
      kind: 'not_sent',
      post: ledger.posts.transition(postId, ['posting'], 'ready', { attemptStartedAt: null, notice }),
      error,
    };
  }
  const failed = ledger.posts.transition(postId, ['posting'], 'failed', {
    attemptStartedAt: null,
    error: { ...error, retryable: false },
    notice: null,
  });
  return { kind: 'refused', post: failed, error };
}

/** For tests and messages: an error value naming a post that cannot go out. */
export const postError = (kind: XferError['kind'], message: string): XferError => xferError(kind, message);

/**
 * Whether X's "not found" is about the post's media (expired: upload again) rather than the post it replies to.
 * X names the missing post in its words ("Could not find tweet with id: [ID]"); a post without media can only
 * mean the reply target.
 */
function aboutMedia(error: XferError, request: SendRequest): boolean {
  if (request.mediaIds.length === 0) return false;
  return request.inReplyTo === null || !error.message.includes(request.inReplyTo);
}
