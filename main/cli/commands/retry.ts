// `xfer retry ID`: a failed, cancelled or expired session becomes ready and is sent again
// (resuming from its acknowledged segments while its media id lives); waits for the end like send.
import { fail } from '../../common/errors.ts';
import { RETRYABLE_STATES } from '../../common/session-states.ts';
import { accountNames, findSession, withServices } from '../cli-services.ts';
import { type CommandRunner } from '../context.ts';
import { EXIT } from '../../common/exit-codes.ts';
import { allSucceeded, sendAndWait } from '../send-flow.ts';
import { report } from './send.ts';
import { findPost, postJson, printPosts } from '../post-output.ts';
import { waitForPosts } from '../post-flow.ts';

export const run: CommandRunner = async (argv, ctx) => {
  const [id, ...extra] = argv;
  if (id === undefined || extra.length > 0 || id.startsWith('-'))
    fail('bad_request', 'retry takes one session or post ID');
  return withServices(ctx, async (services) => {
    const post = services.ledger.getSession(id) ? null : findPost(services, id);
    if (post) {
      services.engine.claimSending();
      // A post that fell due while Xfer was closed: retry is "send now".
      if (post.state === 'scheduled') services.posts.sendNow(post.id);
      else services.posts.retry(post.id);
      services.engine.start();
      services.posts.scheduler.restrictTo(new Set([post.id]));
      services.posts.scheduler.start();
      const [final] = await waitForPosts(ctx, services, [post.id]);
      if (ctx.json) ctx.stdout.write(`${JSON.stringify(postJson(final!, accountNames(services)))}\n`);
      else printPosts(ctx, [final!], accountNames(services));
      return final?.state === 'posted' ? EXIT.ok : EXIT.failed;
    }
    const session = findSession(services, id);
    services.engine.claimSending(); // before the session moves to ready: a refusal leaves it as it was
    services.ledger.transition(session.id, RETRYABLE_STATES, 'ready', { error: null, notice: null });
    const outcome = await sendAndWait(ctx, services, [session.id]);
    report(ctx, services, outcome);
    return allSucceeded(outcome) ? EXIT.ok : EXIT.failed;
  });
};
