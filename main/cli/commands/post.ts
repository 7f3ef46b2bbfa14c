// `xfer post FILE... --account NAME --text TEXT [--text TEXT]... [--alt TEXT]... [--at WHEN] [--reply-to ID]`:
// checks offline, records, and without --at sends now and waits. Repeated --text makes a thread; FILE goes to the
// first post, N:FILE to post N. --alt is given per file, in the order of the files.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fail } from '../../common/errors.ts';
import type { ComposeMedia } from '../../app/posts.ts';
import { accountByName, accountNames, withServices } from '../cli-services.ts';
import { type CommandRunner } from '../context.ts';
import { EXIT } from '../../common/exit-codes.ts';
import { parseCommand } from '../parse.ts';
import { postJson, printPosts } from '../post-output.ts';
import { waitForPosts } from '../post-flow.ts';
import { parseWhen } from '../when.ts';

export const POST_OPTIONS = {
  account: { type: 'string' },
  text: { type: 'string', multiple: true },
  alt: { type: 'string', multiple: true },
  at: { type: 'string' },
  'reply-to': { type: 'string' },
} as const;

/** FILE or N:FILE (N from 1): which post of the thread a file goes to. */
function bindFile(word: string, posts: number): { index: number; path: string } {
  const bound = /^(\d+):(.+)$/.exec(word);
  if (bound && !existsSync(word)) {
    const index = Number(bound[1]) - 1;
    if (index < 0 || index >= posts)
      fail('bad_request', `post: "${word}" names post ${bound[1]}, but there are ${posts} (one per --text)`);
    return { index, path: resolve(bound[2] ?? '') };
  }
  return { index: 0, path: resolve(word) };
}

export const run: CommandRunner = async (argv, ctx) => {
  const { values, positionals } = parseCommand('post', argv, POST_OPTIONS);
  if (!values.account) fail('bad_request', 'post: --account NAME is required (see xfer post --help)');
  const texts = values.text ?? [];
  if (texts.length === 0 && positionals.length === 0) fail('bad_request', 'post: give --text TEXT, a FILE, or both');
  const postCount = Math.max(1, texts.length);
  const alts = values.alt ?? [];
  if (alts.length > positionals.length)
    fail('bad_request', `post: ${alts.length} --alt for ${positionals.length} files (one --alt per file, in order)`);
  const media: ComposeMedia[][] = Array.from({ length: postCount }, () => []);
  positionals.forEach((word, index) => {
    const { index: post, path } = bindFile(word, postCount);
    media[post]!.push({ path, altText: alts[index] ?? null });
  });
  const scheduledAt = values.at === undefined ? null : parseWhen(values.at, Date.now());
  const replyTo = values['reply-to'] ?? null;
  return withServices(ctx, async (services) => {
    const account = await accountByName(services, values.account!);
    // Sending now: if another process sends from this folder, exit 3 before recording anything.
    if (scheduledAt === null) services.engine.claimSending();
    const { posts, checks } = await services.posts.compose({
      accountId: account.id,
      posts: Array.from({ length: postCount }, (_, index) => ({ text: texts[index] ?? '', media: media[index]! })),
      replyTo,
      scheduledAt,
    });
    for (const [index, check] of checks.entries()) {
      const which = postCount > 1 ? `post ${index + 1}: ` : '';
      for (const warning of check.warnings) ctx.stderr.write(`xfer: warning: ${which}${warning}\n`);
      for (const problem of check.problems) ctx.stderr.write(`xfer: ${which}${problem}\n`);
    }
    const labels = accountNames(services);
    if (posts.length === 0) {
      if (ctx.json)
        ctx.stdout.write(`${JSON.stringify({ posts: [], problems: checks.map((check) => check.problems) })}\n`);
      return EXIT.failed;
    }
    let final = posts;
    if (scheduledAt === null || scheduledAt <= Date.now()) {
      services.engine.start();
      services.posts.scheduler.restrictTo(new Set(posts.map((post) => post.id)));
      services.posts.scheduler.start();
      final = await waitForPosts(
        ctx,
        services,
        posts.map((post) => post.id),
      );
    }
    if (ctx.json) ctx.stdout.write(`${JSON.stringify({ posts: final.map((post) => postJson(post, labels)) })}\n`);
    else if (final.every((post) => post.postId !== null))
      ctx.stdout.write(`${final.map((post) => post.postId).join('\n')}\n`);
    else printPosts(ctx, final, labels);
    const ok =
      scheduledAt !== null
        ? final.every((post) => post.state !== 'failed')
        : final.every((post) => post.state === 'posted');
    return ok ? EXIT.ok : EXIT.failed;
  });
};
