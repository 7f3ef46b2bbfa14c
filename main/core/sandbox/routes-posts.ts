// The posts routes (reference §7): POST /2/tweets, GET /2/tweets/{id}, GET /2/users/{id}/tweets.
import { apiErrors } from './api-errors.ts';
import { compareIds, type PostService, type StoredPost } from './posts.ts';
import { json, refuseWith, type HandlerResult, type Route, type RouteContext } from './route.ts';

// The fields a lookup may ask for; a timeline takes them and its paging and filters.
const LOOKUP_QUERY = new Set([
  'expansions',
  'tweet.fields',
  'media.fields',
  'user.fields',
  'poll.fields',
  'place.fields',
]);
const TIMELINE_QUERY = new Set([
  ...LOOKUP_QUERY,
  'max_results',
  'since_id',
  'until_id',
  'pagination_token',
  'start_time',
  'end_time',
  'exclude',
]);
const ID = /^[0-9]{1,19}$/;

function userOf(context: RouteContext) {
  if (!context.user) throw new Error('posts route reached without a user');
  return context.user;
}

/** A post as X writes it in reads: `id`, `text`, `edit_history_post_ids`, and the fields asked for. */
function postView(post: StoredPost, fields: ReadonlySet<string>): Record<string, unknown> {
  const view: Record<string, unknown> = { id: post.id, text: post.text, edit_history_post_ids: [post.id] };
  if (fields.has('created_at')) view.created_at = new Date(post.createdAt).toISOString();
  if (fields.has('author_id')) view.author_id = post.authorId;
  if (fields.has('attachments') && post.mediaKeys.length > 0) view.attachments = { media_keys: [...post.mediaKeys] };
  if (fields.has('referenced_tweets') && post.inReplyTo)
    view.referenced_tweets = [{ type: 'replied_to', id: post.inReplyTo }];
  if (fields.has('in_reply_to_user_id') && post.inReplyTo) view.in_reply_to_user_id = post.authorId;
  return view;
}

function unknownQuery(context: RouteContext, allowed: ReadonlySet<string>): HandlerResult | null {
  for (const name of context.query.keys()) {
    if (!allowed.has(name))
      return refuseWith(
        apiErrors.invalidParameter(`The query parameter [${name}] is not one of [${[...allowed].join(',')}]`),
        `posts read with query parameter ${name}`,
      );
  }
  return null;
}

function fieldsOf(context: RouteContext): Set<string> {
  return new Set((context.query.get('tweet.fields') ?? '').split(',').filter(Boolean));
}

function timeline(context: RouteContext, service: PostService, users: { userId: string }[]): HandlerResult {
  const refused = unknownQuery(context, TIMELINE_QUERY);
  if (refused) return refused;
  const userId = context.pathParams.id ?? '';
  if (!ID.test(userId) || !users.some((user) => user.userId === userId)) {
    return refuseWith(
      apiErrors.invalidParameter(`Could not find user with id: [${userId}].`),
      'timeline of unknown user',
    );
  }
  const max = Number(context.query.get('max_results') ?? '10');
  if (!Number.isInteger(max) || max < 5 || max > 100) {
    return refuseWith(
      apiErrors.invalidParameter('The `max_results` query parameter value must be between 5 and 100.'),
      `timeline with max_results ${String(context.query.get('max_results'))}`,
    );
  }
  for (const name of ['since_id', 'until_id'] as const) {
    const value = context.query.get(name);
    if (value !== null && !ID.test(value))
      return refuseWith(apiErrors.invalidParameter(`${name} must be a post id.`), `timeline with ${name} ${value}`);
  }
  const since = context.query.get('since_id');
  const until = context.query.get('until_id');
  const offset = Number(context.query.get('pagination_token') ?? '0');
  const all = service
    .byAuthor(userId)
    .filter(
      (post) =>
        (since === null || compareIds(post.id, since) > 0) && (until === null || compareIds(post.id, until) < 0),
    );
  const page = all.slice(offset, offset + max);
  const fields = fieldsOf(context);
  if (page.length === 0) return { ok: true, reply: json({ meta: { result_count: 0 } }) };
  const meta: Record<string, unknown> = {
    result_count: page.length,
    newest_id: page[0]?.id,
    oldest_id: page.at(-1)?.id,
  };
  if (offset + max < all.length) meta.next_token = String(offset + max);
  return { ok: true, reply: json({ data: page.map((post) => postView(post, fields)), meta }) };
}

/** One POST /2/tweets that reached the application (faults before it never do), and what it answered. */
export interface PostRequestRecord {
  at: number;
  userId: string;
  body: unknown;
  status: number;
  postId: string | null;
}

export function postRoutes(
  service: PostService,
  users: { userId: string }[],
  record: (entry: Omit<PostRequestRecord, 'at'>) => void,
): Route[] {
  const base = { dialect: 'v2' as const, auth: 'access' as const, faultable: true };
  return [
    {
      ...base,
      method: 'POST',
      pattern: /^\/2\/tweets$/,
      bucket: () => 'post',
      handle(context) {
        const user = userOf(context);
        const outcome = service.create(user, context.json, context.contentType);
        record({
          userId: user.userId,
          body: context.json,
          status: outcome.ok ? 201 : outcome.error.status,
          postId: outcome.ok ? outcome.post.id : null,
        });
        if (!outcome.ok) return refuseWith(outcome.error, outcome.violation);
        const { id, text } = outcome.post;
        return { ok: true, reply: json({ data: { id, text, edit_history_post_ids: [id] } }, 201) };
      },
    },
    {
      ...base,
      method: 'GET',
      pattern: /^\/2\/tweets\/(?<id>[^/]+)$/,
      bucket: () => 'read_posts',
      handle(context) {
        const refused = unknownQuery(context, LOOKUP_QUERY);
        if (refused) return refused;
        const id = context.pathParams.id ?? '';
        const post = service.posts.get(id);
        // X answers an unknown post with 200 and only an `errors` array.
        if (!post) {
          const error = apiErrors.postNotFound(id);
          return {
            ok: true,
            reply: json({
              errors: [
                {
                  value: id,
                  detail: error.message,
                  title: 'Not Found Error',
                  resource_type: 'tweet',
                  parameter: 'id',
                  resource_id: id,
                  type: 'https://api.x.com/2/problems/resource-not-found',
                },
              ],
            }),
          };
        }
        return { ok: true, reply: json({ data: postView(post, fieldsOf(context)) }) };
      },
    },
    {
      ...base,
      method: 'GET',
      pattern: /^\/2\/users\/(?<id>[0-9]+)\/tweets$/,
      bucket: () => 'read_posts',
      handle: (context) => timeline(context, service, users),
    },
  ];
}
