// `xfer forget ID`: remove the session from the ledger (what X has is not touched).
import { fail } from '../../common/errors.ts';
import { findSession, withServices } from '../cli-services.ts';
import { type CommandRunner } from '../context.ts';
import { EXIT } from '../../common/exit-codes.ts';
import { findPost } from '../post-output.ts';

export const run: CommandRunner = async (argv, ctx) => {
  const [id, ...extra] = argv;
  if (id === undefined || extra.length > 0 || id.startsWith('-'))
    fail('bad_request', 'forget takes one session or post ID');
  return withServices(ctx, async (services) => {
    const post = services.ledger.getSession(id) ? null : findPost(services, id);
    if (post) {
      services.posts.forget(post.id);
      if (ctx.json) ctx.stdout.write(`${JSON.stringify({ forgotten: post.id })}\n`);
      else ctx.stdout.write(`Forgot post ${post.id} (not deleted from X)\n`);
      return EXIT.ok;
    }
    const session = findSession(services, id);
    await services.engine.forget(session.id);
    if (ctx.json) ctx.stdout.write(`${JSON.stringify({ forgotten: session.id })}\n`);
    else ctx.stdout.write(`Forgot ${session.id}\n`);
    return EXIT.ok;
  });
};
