// How `xfer post` and `xfer posts` print posts: a table for people (times in the local zone), and with --json
// exactly {id, state, account, text, media, post_id, scheduled_at, error} per post.
import { postUrl } from '../common/posts.ts';
import { fail } from '../common/errors.ts';
import type { Post } from '../core/ledger/post-types.ts';
import type { Services } from '../app/services.ts';
import type { CliContext } from './context.ts';
import type { AccountLabels } from './session-output.ts';
import { renderTable } from './table.ts';

export interface PostJson {
  id: string;
  state: Post['state'];
  account: string | null;
  text: string;
  media: string[];
  post_id: string | null;
  scheduled_at: string | null;
  error: { kind: string; message: string } | null;
}

export function postJson(post: Post, accounts: AccountLabels): PostJson {
  return {
    id: post.id,
    state: post.state,
    account: post.accountId === null ? null : (accounts.get(post.accountId)?.name ?? null),
    text: post.text,
    media: [...post.mediaSessionIds],
    post_id: post.postId,
    scheduled_at: post.scheduledAt === null ? null : new Date(post.scheduledAt).toISOString(),
    error: post.error ? { kind: post.error.kind, message: post.error.message } : null,
  };
}

function localTime(ms: number): string {
  const date = new Date(ms);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function oneLine(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function printPosts(ctx: CliContext, posts: readonly Post[], accounts: AccountLabels): void {
  if (posts.length === 0) {
    ctx.stdout.write('No posts.\n');
    return;
  }
  const rows = posts.map((post) => {
    const account = post.accountId === null ? '(removed)' : (accounts.get(post.accountId)?.name ?? '?');
    const when = post.scheduledAt === null ? '' : localTime(post.scheduledAt);
    const label = post.awaitingChoice ? 'missed' : post.state;
    const screenName = post.accountId === null ? null : (accounts.get(post.accountId)?.screenName ?? null);
    const detail = post.postId
      ? postUrl(post.postId, screenName)
      : (post.error?.message ??
        post.notice ??
        (post.mediaSessionIds.length > 0 ? `${post.mediaSessionIds.length} media` : ''));
    return [post.id.slice(0, 8), label, account, when, oneLine(post.text), detail];
  });
  ctx.stdout.write(
    renderTable(['ID', 'STATE', 'ACCOUNT', 'WHEN', 'TEXT', 'POST / DETAIL'], rows, {
      ...(ctx.palette && { palette: ctx.palette }),
      ...((ctx.stdout as { columns?: number }).columns !== undefined && {
        maxWidth: (ctx.stdout as { columns?: number }).columns,
        shrink: 4,
      }),
    }),
  );
}

/** A post by id or unique prefix, or null when none matches (the caller may try sessions). */
export function findPost(services: Services, idOrPrefix: string): Post | null {
  const exact = services.ledger.posts.get(idOrPrefix);
  if (exact) return exact;
  if (idOrPrefix.length < 4) return null;
  const matches = services.ledger.posts.list().filter((post) => post.id.startsWith(idOrPrefix));
  if (matches.length > 1) fail('bad_request', `"${idOrPrefix}" matches ${matches.length} posts; give more of the id`);
  return matches[0] ?? null;
}
