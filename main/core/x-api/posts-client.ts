// Posts over the same signed requests as the upload clients (SignedRequests), so whatever credentials an
// account has sign its posts too (reference §7). One method, one request; retrying is the caller's job.
import { fail } from '../../common/errors.ts';
import { adapterSettings, type UploadClientOptions } from './client-options.ts';
import { idField, isRecord, parseJsonLossless, stringField } from './json.ts';
import { SignedRequests } from './signed-requests.ts';
import type { RequestOptions } from './types.ts';

export interface CreatePostRequest {
  text: string;
  mediaIds: readonly string[];
  /** X post id this one replies to. */
  inReplyTo: string | null;
}

export interface CreatedPost {
  postId: string;
  text: string;
}

export interface RecentPost {
  postId: string;
  text: string;
  /** ms since epoch, when X says. */
  createdAt: number | null;
  mediaKeys: string[];
}

export interface PostsClient {
  create(request: CreatePostRequest, options?: RequestOptions): Promise<CreatedPost>;
  /** The user's newest posts (at most 100), newest first. */
  recent(userId: string, options?: RequestOptions & { sinceId?: string }): Promise<RecentPost[]>;
}

const ID = /^[0-9]{1,19}$/;

/** Only the fields the schema allows, and only those that are set (additionalProperties: false). */
export function createPostBody(request: CreatePostRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (request.text !== '') body.text = request.text;
  if (request.mediaIds.length > 0) body.media = { media_ids: [...request.mediaIds] };
  if (request.inReplyTo !== null) body.reply = { in_reply_to_tweet_id: request.inReplyTo };
  return body;
}

function parseRecent(entry: unknown): RecentPost | null {
  if (!isRecord(entry)) return null;
  const postId = idField(entry, 'id');
  if (!postId) return null;
  const created = stringField(entry, 'created_at');
  const attachments = isRecord(entry.attachments) ? entry.attachments : {};
  const keys = Array.isArray(attachments.media_keys) ? attachments.media_keys : [];
  return {
    postId,
    text: stringField(entry, 'text') ?? '',
    createdAt: created ? Date.parse(created) || null : null,
    mediaKeys: keys.filter((key): key is string => typeof key === 'string'),
  };
}

export function createPostsClient(options: UploadClientOptions): PostsClient {
  const settings = adapterSettings(options);
  const requests = new SignedRequests(settings);
  const url = (path: string) => `${settings.endpoints.apiBase}${path}`;
  return {
    async create(request, { signal } = {}) {
      if (request.inReplyTo !== null && !ID.test(request.inReplyTo))
        fail('validation', `"${request.inReplyTo.slice(0, 40)}" is not a post id`);
      const response = await requests.send({
        method: 'POST',
        url: url('/2/tweets'),
        body: { kind: 'json', value: createPostBody(request) },
        operation: 'POST /2/tweets',
        signal,
      });
      const body = parseJsonLossless(response.bodyText);
      const data = isRecord(body) && isRecord(body.data) ? body.data : null;
      const postId = data ? idField(data, 'id') : undefined;
      if (!data || !postId) fail('server', 'POST /2/tweets: X answered without a post id');
      return { postId, text: stringField(data, 'text') ?? request.text };
    },
    async recent(userId, { signal, sinceId } = {}) {
      if (!ID.test(userId)) fail('validation', `"${userId.slice(0, 40)}" is not a user id`);
      const query = new URLSearchParams({ max_results: '100', 'tweet.fields': 'created_at,attachments' });
      if (sinceId) query.set('since_id', sinceId);
      const response = await requests.send({
        method: 'GET',
        url: url(`/2/users/${userId}/tweets?${query}`),
        body: { kind: 'none' },
        operation: 'GET /2/users/:id/tweets',
        signal,
      });
      const body = parseJsonLossless(response.bodyText);
      const data = isRecord(body) && Array.isArray(body.data) ? body.data : [];
      return data.map(parseRecent).filter((post): post is RecentPost => post !== null);
    },
  };
}
