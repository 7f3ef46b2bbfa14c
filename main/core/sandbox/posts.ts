// The sandbox's posts (reference §7): CreatePostsRequest checked strictly, media ownership, processing and
// expiry, the 4 images / 1 video / 1 GIF rule, duplicate content, the 2026 reply restriction, and 402 when the
// app is out of credits. Posts are kept per author so clients can read them back, as X lets them.
import twitterText from 'twitter-text';
import { apiErrors, type ApiError } from './api-errors.ts';
import type { SandboxUser } from './credentials.ts';
import { createSnowflakeIds } from './ids.ts';
import { stateAt, type MediaRecord } from './media-record.ts';

export interface StoredPost {
  id: string;
  authorId: string;
  text: string;
  mediaIds: string[];
  mediaKeys: string[];
  inReplyTo: string | null;
  createdAt: number;
}

export type PostOutcome = { ok: true; post: StoredPost } | { ok: false; error: ApiError; violation: string };

// CreatePostsRequest's properties (X OpenAPI 2.167); additionalProperties: false, so anything else is refused.
const REQUEST_FIELDS = new Set([
  'text',
  'media',
  'reply',
  'quote_tweet_id',
  'poll',
  'reply_settings',
  'made_with_ai',
  'paid_partnership',
  'for_super_followers_only',
  'direct_message_deep_link',
  'geo',
  'nullcast',
  'card_uri',
  'community_id',
  'share_with_followers',
  'edit_options',
]);
const MEDIA_FIELDS = new Set(['media_ids', 'tagged_user_ids']);
const REPLY_FIELDS = new Set(['in_reply_to_tweet_id', 'exclude_reply_user_ids', 'auto_populate_reply_metadata']);
const ID = /^[0-9]{1,19}$/;
export const STANDARD_TEXT_LIMIT = 280;
export const PREMIUM_TEXT_LIMIT = 25_000;
export const FIRST_POST_ID = 1890000000000000000n;

const INVALID_MEDIA = 'Your media IDs are invalid.';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const refuse = (error: ApiError, violation: string): PostOutcome => ({ ok: false, error, violation });
const invalid = (message: string, violation: string) => refuse(apiErrors.invalidParameter(message), violation);

function unknownField(body: Record<string, unknown>, allowed: ReadonlySet<string>): string | undefined {
  return Object.keys(body).find((name) => !allowed.has(name));
}

export interface PostServiceOptions {
  now: () => number;
  media: ReadonlyMap<string, MediaRecord>;
  users: readonly SandboxUser[];
  firstPostId?: bigint;
}

export function createPostService(options: PostServiceOptions) {
  const posts = new Map<string, StoredPost>();
  // Time-based like X's: a sandbox started again (one per CLI command) never repeats a post id.
  const nextId = createSnowflakeIds({ now: options.now, floor: options.firstPostId ?? FIRST_POST_ID });
  /** null: unlimited; a number: how many more posts the app may create before X answers 402. */
  let credits: number | null = null;

  function checkMedia(user: SandboxUser, media: unknown): PostOutcome | MediaRecord[] {
    if (!isObject(media)) return invalid('media must be an object.', 'post with a non-object media');
    const extra = unknownField(media, MEDIA_FIELDS);
    if (extra !== undefined) return invalid(`The field media.${extra} is not allowed.`, `post with media.${extra}`);
    const ids = media.media_ids;
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > 4 || !ids.every((id) => typeof id === 'string')) {
      return invalid('media.media_ids must be 1 to 4 id strings.', 'post with malformed media_ids');
    }
    if (!ids.every((id) => ID.test(id))) return invalid(INVALID_MEDIA, 'post with a malformed media id');
    const tagged = media.tagged_user_ids;
    if (tagged !== undefined && !(Array.isArray(tagged) && tagged.length <= 10 && tagged.every((id) => ID.test(id)))) {
      return invalid('media.tagged_user_ids must be at most 10 user id strings.', 'post with malformed tagged ids');
    }
    const now = options.now();
    const records: MediaRecord[] = [];
    for (const id of ids as string[]) {
      const record = options.media.get(id);
      const owned = record && (record.owner === user.userId || record.additionalOwners.includes(user.userId));
      if (!record || !owned) return invalid(INVALID_MEDIA, `post with media id ${id} unknown or owned by another user`);
      const state = stateAt(record, now);
      if (state !== 'succeeded') return invalid(INVALID_MEDIA, `post with media id ${id} in state ${state}`);
      records.push(record);
    }
    const kinds = records.map((record) =>
      record.mediaType.startsWith('video/') ? 'video' : record.category === 'tweet_gif' ? 'gif' : 'image',
    );
    if (kinds.some((kind) => kind !== 'image') && kinds.length > 1) {
      return invalid(
        'A post may have up to 4 images, or 1 video, or 1 GIF; they cannot be mixed.',
        `post mixing ${kinds.join(' + ')}`,
      );
    }
    return records;
  }

  function checkReply(user: SandboxUser, reply: unknown): PostOutcome | StoredPost {
    if (!isObject(reply)) return invalid('reply must be an object.', 'post with a non-object reply');
    const extra = unknownField(reply, REPLY_FIELDS);
    if (extra !== undefined) return invalid(`The field reply.${extra} is not allowed.`, `post with reply.${extra}`);
    const target = reply.in_reply_to_tweet_id;
    if (typeof target !== 'string' || !ID.test(target)) {
      return invalid('reply.in_reply_to_tweet_id must be a post id string.', 'post with malformed in_reply_to');
    }
    const parent = posts.get(target);
    if (!parent) return refuse(apiErrors.postNotFound(target), `reply to unknown post ${target}`);
    const mentioned = new RegExp(`(^|[^\\w])@${user.screenName}\\b`, 'i').test(parent.text);
    if (parent.authorId !== user.userId && !mentioned) {
      return refuse(apiErrors.replyRestricted(), `reply to post ${target} of another user`);
    }
    return parent;
  }

  function create(user: SandboxUser, body: unknown, contentType: string): PostOutcome {
    if (contentType !== 'application/json') {
      return invalid('Content-Type must be application/json.', `post with Content-Type ${contentType || 'none'}`);
    }
    if (!isObject(body)) return invalid('The request body must be a JSON object.', 'post without a JSON object');
    const extra = unknownField(body, REQUEST_FIELDS);
    if (extra !== undefined) return invalid(`The field ${extra} is not allowed.`, `post with unknown field ${extra}`);
    if (body.text !== undefined && typeof body.text !== 'string')
      return invalid('text must be a string.', 'post with a non-string text');
    const text = (body.text as string | undefined) ?? '';
    let records: MediaRecord[] = [];
    if (body.media !== undefined) {
      const checked = checkMedia(user, body.media);
      if (!Array.isArray(checked)) return checked;
      records = checked;
    }
    if (text === '' && records.length === 0) {
      return invalid('A post needs text or media.', 'post without text or media');
    }
    const limit = user.premium ? PREMIUM_TEXT_LIMIT : STANDARD_TEXT_LIMIT;
    const weighted = twitterText.parseTweet(text).weightedLength;
    if (weighted > limit) {
      return refuse(
        apiErrors.invalidParameter(`Text is ${weighted} weighted characters; at most ${limit} are allowed.`),
        `post text of ${weighted} weighted characters`,
      );
    }
    let inReplyTo: string | null = null;
    if (body.reply !== undefined) {
      const parent = checkReply(user, body.reply);
      if (!('authorId' in parent)) return parent;
      inReplyTo = parent.id;
    }
    if (text !== '' && [...posts.values()].some((post) => post.authorId === user.userId && post.text === text)) {
      return refuse(apiErrors.duplicateContent(), 'post with duplicate content');
    }
    if (credits !== null && credits <= 0) return refuse(apiErrors.creditsDepleted(), 'post while out of credits');
    if (credits !== null) credits -= 1;
    const post: StoredPost = {
      id: nextId(),
      authorId: user.userId,
      text,
      mediaIds: records.map((record) => record.id),
      mediaKeys: records.map((record) => record.mediaKey),
      inReplyTo,
      createdAt: options.now(),
    };
    posts.set(post.id, post);
    return { ok: true, post };
  }

  /** The author's posts, newest first. */
  function byAuthor(authorId: string): StoredPost[] {
    return [...posts.values()].filter((post) => post.authorId === authorId).sort((a, b) => compareIds(b.id, a.id));
  }

  return {
    posts: posts as ReadonlyMap<string, StoredPost>,
    create,
    byAuthor,
    setCredits(next: number | null) {
      credits = next;
    },
  };
}

export type PostService = ReturnType<typeof createPostService>;

/** Post ids are 64-bit decimal strings: compare them as numbers without losing digits. */
export function compareIds(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference === 0n ? 0 : difference > 0n ? 1 : -1;
}
