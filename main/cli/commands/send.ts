// `xfer send [ID...] [--all] [--concurrency N]`: send prepared sessions and wait for the end.
import { fail } from '../../core/errors.ts';
import { INTERRUPTED_STATES } from '../../core/ledger/transitions.ts';
import type { Session } from '../../core/ledger/types.ts';
import type { Services } from '../../app/services.ts';
import { accountNames, findSession, withServices } from '../cli-services.ts';
import { EXIT, type CommandRunner } from '../context.ts';
import { parseCommand, parseConcurrency } from '../parse.ts';
import { allSucceeded, sendAndWait } from '../send-flow.ts';
import { printSessions } from '../session-output.ts';

/** What `--all` sends: ready ones, what a crash left mid-flight, and failures worth retrying. */
export function sendable(services: Services): Session[] {
  return services.ledger
    .listSessions({ state: ['ready', ...INTERRUPTED_STATES, 'failed'] })
    .filter(
      (session) => session.accountId !== null && (session.state !== 'failed' || session.error?.retryable !== false),
    )
    .reverse(); // oldest first
}

export const run: CommandRunner = async (argv, ctx) => {
  const { values, positionals } = parseCommand('send', argv, {
    all: { type: 'boolean' },
    concurrency: { type: 'string' },
  });
  if (values.all && positionals.length > 0) fail('bad_request', 'send: give session ids or --all, not both');
  if (!values.all && positionals.length === 0) fail('bad_request', 'send: which sessions? Give their ids, or --all');
  const concurrency = parseConcurrency(values.concurrency);
  return withServices(
    ctx,
    async (services) => {
      const ids = values.all
        ? sendable(services).map((session) => session.id)
        : positionals.map((id) => findSession(services, id).id);
      if (ids.length === 0) {
        printSessions(ctx, [], accountNames(services));
        if (!ctx.json) ctx.stdout.write('Nothing to send.\n');
        return EXIT.ok;
      }
      services.engine.claimSending(); // another process sending from this folder: exit 3, naming it
      const outcome = await sendAndWait(ctx, services, ids);
      report(ctx, services, outcome);
      return allSucceeded(outcome) ? EXIT.ok : EXIT.failed;
    },
    concurrency ? { engine: { concurrency: { total: concurrency, uploadsPerAccount: concurrency } } } : {},
  );
};

export function report(
  ctx: Parameters<CommandRunner>[1],
  services: Services,
  outcome: Awaited<ReturnType<typeof sendAndWait>>,
): void {
  const refused = outcome.refused.map(({ id, error }) => ({ id, error: { kind: error.kind, message: error.message } }));
  printSessions(ctx, outcome.sessions, accountNames(services), { refused, interrupted: outcome.interrupted });
  if (ctx.json) return;
  for (const { id, error } of outcome.refused) ctx.stderr.write(`xfer: not sent ${id.slice(0, 8)}: ${error.message}\n`);
  const succeeded = outcome.sessions.filter((session) => session.state === 'succeeded').length;
  const summary = `${succeeded} of ${outcome.sessions.length + outcome.refused.length} uploaded`;
  ctx.stderr.write(outcome.interrupted ? `xfer: stopped; ${summary}. Resume with: xfer send --all\n` : `${summary}\n`);
}
