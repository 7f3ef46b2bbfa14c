// `xfer sessions [--state S] [--account NAME]`: list sessions, newest first.
import { fail } from '../../core/errors.ts';
import { SESSION_STATES, type SessionState } from '../../core/ledger/types.ts';
import { accountNames, withServices } from '../cli-services.ts';
import { EXIT, type CommandRunner } from '../context.ts';
import { parseCommand } from '../parse.ts';
import { printSessions } from '../session-output.ts';

export const run: CommandRunner = async (argv, ctx) => {
  const { values, positionals } = parseCommand('sessions', argv, {
    state: { type: 'string' },
    account: { type: 'string' },
  });
  if (positionals.length > 0) fail('bad_request', `sessions takes no arguments, got "${positionals.join(' ')}"`);
  const state = values.state;
  if (state !== undefined && !(SESSION_STATES as readonly string[]).includes(state)) {
    fail('bad_request', `sessions: --state must be one of ${SESSION_STATES.join(', ')}; got "${state}"`);
  }
  return withServices(ctx, async (services) => {
    const accountId = values.account === undefined ? undefined : services.accounts.getByName(values.account).id;
    const sessions = services.ledger.listSessions({
      ...(state !== undefined && { state: state as SessionState }),
      ...(accountId !== undefined && { accountId }),
    });
    printSessions(ctx, sessions, accountNames(services));
    if (!ctx.json && sessions.length === 0) ctx.stdout.write('No sessions.\n');
    return EXIT.ok;
  });
};
