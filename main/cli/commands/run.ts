// `xfer run [--until-idle]`: what the app does while open, for a machine without it: resumes interrupted
// uploads, sends posts as they fall due. With --until-idle it exits once nothing is left (posts waiting for the
// user's choice after falling due while closed do not hold it), 0 only if everything it handled succeeded.
import type { Post } from '../../core/ledger/post-types.ts';
import { fail } from '../../common/errors.ts';
import { withServices } from '../cli-services.ts';
import { type CommandRunner } from '../context.ts';
import { EXIT } from '../../common/exit-codes.ts';
import { parseCommand } from '../parse.ts';

export const run: CommandRunner = async (argv, ctx) => {
  const { values, positionals } = parseCommand('run', argv, { 'until-idle': { type: 'boolean' } });
  if (positionals.length > 0) fail('bad_request', `run takes no arguments, got "${positionals[0]}"`);
  return withServices(ctx, async (services) => {
    services.engine.claimSending();
    const finished: Post[] = [];
    let uploadsFailed = 0;
    services.postEvents.subscribe({
      onPostFinished: (post) => {
        finished.push(post);
        if (!ctx.json)
          ctx.stderr.write(
            `${post.id.slice(0, 8)}  ${post.state}${post.postId ? ` ${post.postId}` : post.error ? `: ${post.error.message}` : ''}\n`,
          );
      },
    });
    services.events.subscribe({ onBatchFinished: (summary) => void (uploadsFailed += summary.failed) });
    services.engine.start();
    services.posts.scheduler.start();
    if (!ctx.json)
      ctx.stderr.write(
        values['until-idle'] ? 'xfer: sending until nothing is left\n' : 'xfer: running; Ctrl-C stops\n',
      );
    const waiting = services.posts.list({ state: 'scheduled' }).filter((post) => post.awaitingChoice);
    for (const post of waiting)
      ctx.stderr.write(
        `xfer: ${post.id.slice(0, 8)} fell due while Xfer was closed: send it with "xfer retry ${post.id.slice(0, 8)}" or open the app\n`,
      );
    for (;;) {
      if (ctx.signal.aborted) break;
      const idle =
        !services.posts.scheduler.hasPending() &&
        services.engine.status().queued + services.engine.status().active === 0;
      if (values['until-idle'] && idle) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const failedPosts = finished.filter((post) => post.state === 'failed').length;
    const posted = finished.filter((post) => post.state === 'posted').length;
    if (ctx.json)
      ctx.stdout.write(
        `${JSON.stringify({ posted, failed_posts: failedPosts, failed_uploads: uploadsFailed, awaiting_choice: waiting.map((post) => post.id) })}\n`,
      );
    else
      ctx.stdout.write(
        `${posted} posted, ${failedPosts} failed${uploadsFailed > 0 ? `, ${uploadsFailed} uploads failed` : ''}\n`,
      );
    return failedPosts === 0 && uploadsFailed === 0 && !ctx.signal.aborted ? EXIT.ok : EXIT.failed;
  });
};
