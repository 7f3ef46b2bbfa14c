// `xfer posts [--state S] [--account NAME]`: the posts queue, oldest first.
import { POST_STATES, type PostState } from '../../common/posts.ts';
import { fail } from '../../common/errors.ts';
import { accountIdByName, accountNames, withServices } from '../cli-services.ts';
import { type CommandRunner } from '../context.ts';
import { EXIT } from '../../common/exit-codes.ts';
import { parseCommand } from '../parse.ts';
import { postJson, printPosts } from '../post-output.ts';

export const run: CommandRunner = async (argv, ctx) => {
  const { values, positionals } = parseCommand('posts', argv, {
    state: { type: 'string' },
    account: { type: 'string' },
  });
  if (positionals.length > 0) fail('bad_request', `posts takes no arguments, got "${positionals[0]}"`);
  const state = values.state;
  if (state !== undefined && !(POST_STATES as readonly string[]).includes(state))
    fail('bad_request', `posts: --state must be one of ${POST_STATES.join(', ')}, got "${state}"`);
  return withServices(ctx, async (services) => {
    const accountId = values.account === undefined ? undefined : accountIdByName(services, values.account);
    const posts = services.posts.list({
      ...(state !== undefined && { state: state as PostState }),
      ...(accountId !== undefined && { accountId }),
    });
    const labels = accountNames(services);
    if (ctx.json) ctx.stdout.write(`${JSON.stringify({ posts: posts.map((post) => postJson(post, labels)) })}\n`);
    else printPosts(ctx, posts, labels);
    return EXIT.ok;
  });
};
