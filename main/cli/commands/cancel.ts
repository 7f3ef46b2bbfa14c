// `xfer cancel ID`: the session becomes cancelled. An upload running in another xfer process
// notices at its next state change and stops there.
import { fail } from '../../common/errors.ts';
import { accountNames, findSession, withServices } from '../cli-services.ts';
import { EXIT } from '../../common/exit-codes.ts';
import type { CommandRunner } from '../context.ts';
import { printSession } from '../session-output.ts';
import { findPost, postJson, printPosts } from '../post-output.ts';

export const run: CommandRunner = async (argv, ctx) => {
  const [id, ...extra] = argv;
  if (id === undefined || extra.length > 0 || id.startsWith('-'))
    fail('bad_request', 'cancel takes one session or post ID');
  return withServices(ctx, async (services) => {
    const post = services.ledger.getSession(id) ? null : findPost(services, id);
    if (post) {
      const cancelled = services.posts.cancel(post.id);
      if (ctx.json) ctx.stdout.write(`${JSON.stringify(postJson(cancelled, accountNames(services)))}\n`);
      else printPosts(ctx, [cancelled], accountNames(services));
      return EXIT.ok;
    }
    const session = await services.engine.cancel(findSession(services, id).id);
    printSession(ctx, session, accountNames(services));
    return EXIT.ok;
  });
};
