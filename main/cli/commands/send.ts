// `xfer send [ID...] [--all] [--concurrency N]`: send prepared sessions and wait for the end.
import { fail } from '../../common/errors.ts';
import { IN_FLIGHT_STATES } from '../../common/session-states.ts';
import type { Session, SessionState } from '../../common/session.ts';
import type { Services } from '../../app/services.ts';
import { accountNames, findSession, withServices } from '../cli-services.ts';
import { type CommandRunner } from '../context.ts';
import { EXIT, type ExitCode } from '../../common/exit-codes.ts';
import { count } from '../words.ts';
import { parseCommand, parseConcurrency } from '../parse.ts';
import { allSucceeded, sendAndWait } from '../send-flow.ts';
import { printSessions } from '../session-output.ts';
import { printable } from '../../common/printable.ts';

/** What `--all` sends: ready ones, what a crash left mid-flight, and failures worth retrying. */
export function sendable(services: Services): Session[] {
  return services.ledger
    .listSessions({ state: ['ready', ...IN_FLIGHT_STATES, 'failed'] })
    .filter(
      (session) => session.accountId !== null && (session.state !== 'failed' || session.error?.retryable !== false),
    )
    .reverse(); // oldest first
}

export const SEND_OPTIONS = { all: { type: 'boolean' }, concurrency: { type: 'string' } } as const;

export const run: CommandRunner = async (argv, ctx) => {
  const { values, positionals } = parseCommand('send', argv, SEND_OPTIONS);
  if (values.all && positionals.length > 0) fail('bad_request', 'send: give session ids or --all, not both');
  const concurrency = parseConcurrency(values.concurrency);
  return withServices(
    ctx,
    async (services) => {
      if (!values.all && positionals.length === 0) return listInstead(ctx, services);
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
    concurrency ? { engine: { concurrency: { uploadsPerAccount: concurrency } } } : {},
  );
};

/**
 * `xfer send` alone sends nothing: it shows what `--all` would send and says so, like `git clean`
 * without -f. Exit 2, since the command as typed did not say what to do.
 */
function listInstead(ctx: Parameters<CommandRunner>[1], services: Services): ExitCode {
  const waiting = sendable(services);
  if (ctx.json) {
    printSessions(ctx, waiting, accountNames(services), {
      error: { kind: 'bad_request', message: 'send: give session ids, or --all to send these' },
    });
    return EXIT.usage;
  }
  if (waiting.length === 0) {
    ctx.stderr.write('xfer: nothing to send: no session is ready (prepare files with xfer prepare)\n');
    return EXIT.usage;
  }
  printSessions(ctx, waiting, accountNames(services));
  ctx.stderr.write(
    `xfer: send which? Give session ids, or run xfer send --all to send ${waiting.length === 1 ? 'this' : `these ${count(waiting.length, 'session')}`}\n`,
  );
  return EXIT.usage;
}

export function report(
  ctx: Parameters<CommandRunner>[1],
  services: Services,
  outcome: Awaited<ReturnType<typeof sendAndWait>>,
): void {
  const refused = outcome.refused.map(({ id, error }) => ({ id, error: { kind: error.kind, message: error.message } }));
  printSessions(ctx, outcome.sessions, accountNames(services), { refused, interrupted: outcome.interrupted });
  if (ctx.json) return;
  for (const { id, error } of outcome.refused)
    ctx.stderr.write(`xfer: not sent ${id.slice(0, 8)}: ${printable(error.message)}\n`);
  const succeeded = outcome.sessions.filter((session) => session.state === 'succeeded').length;
  const summary = `${succeeded} of ${count(outcome.sessions.length + outcome.refused.length, 'file')} uploaded`;
  if (!outcome.interrupted) {
    ctx.stderr.write(`${summary}\n`);
    return;
  }
  // One line: what happened, and the exact command that picks up where this one stopped.
  const unfinished = outcome.sessions
    .filter((session) => RESUMABLE.has(session.state))
    .map((session) => session.id.slice(0, 8));
  ctx.stderr.write(
    unfinished.length === 0
      ? `xfer: interrupted; ${summary}\n`
      : `xfer: interrupted; ${summary}. Resume with: xfer send ${unfinished.join(' ')}\n`,
  );
}

/** What the next `xfer send` picks up: not started, or stopped part-way (X keeps what it acknowledged). */
const RESUMABLE = new Set<SessionState>(['ready', ...IN_FLIGHT_STATES]);
