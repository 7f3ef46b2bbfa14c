// Waiting for posts in the CLI: polls the ledger (the scheduler writes every step there) until each post has
// an outcome, telling stderr as they change; Ctrl-C stops waiting and keeps what is recorded (`xfer run` goes on).
import type { Services } from '../app/services.ts';
import type { Post } from '../core/ledger/post-types.ts';
import type { CliContext } from './context.ts';

const FINAL: ReadonlySet<Post['state']> = new Set(['posted', 'failed', 'cancelled']);

export function isSettled(post: Post): boolean {
  return FINAL.has(post.state) || post.awaitingChoice;
}

export async function waitForPosts(ctx: CliContext, services: Services, ids: readonly string[]): Promise<Post[]> {
  const seen = new Map<string, string>();
  for (;;) {
    const posts = ids.map((id) => services.ledger.posts.require(id));
    if (!ctx.json) {
      for (const post of posts) {
        const label = `${post.state}${post.notice ? ` (${post.notice})` : ''}`;
        if (seen.get(post.id) !== label) ctx.stderr.write(`${post.id.slice(0, 8)}  ${label}\n`);
        seen.set(post.id, label);
      }
    }
    if (posts.every(isSettled) || ctx.signal.aborted) return posts;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
