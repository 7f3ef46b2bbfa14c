// `xfer retry ID`: a failed, cancelled or expired session becomes ready and is sent again
// (resuming from its acknowledged segments while its media id lives); waits for the end like send.
import { fail } from '../../core/errors.ts';
import { RETRYABLE_STATES } from '../../core/ledger/transitions.ts';
import { findSession, withServices } from '../cli-services.ts';
import { EXIT, type CommandRunner } from '../context.ts';
import { allSucceeded, sendAndWait } from '../send-flow.ts';
import { report } from './send.ts';

export const run: CommandRunner = async (argv, ctx) => {
  const [id, ...extra] = argv;
  if (id === undefined || extra.length > 0 || id.startsWith('-')) fail('bad_request', 'retry takes one session ID');
  return withServices(ctx, async (services) => {
    const session = findSession(services, id);
    services.engine.claimSending(); // before the session moves to ready: a refusal leaves it as it was
    services.ledger.transition(session.id, RETRYABLE_STATES, 'ready', { error: null, notice: null });
    const outcome = await sendAndWait(ctx, services, [session.id]);
    report(ctx, services, outcome);
    return allSucceeded(outcome) ? EXIT.ok : EXIT.failed;
  });
};
