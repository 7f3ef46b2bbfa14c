// `xfer sessions [--state S] [--account NAME] [--watch [--interval SECONDS]]`: list sessions,
// newest first, as a table; --watch redraws it until Ctrl-C (like `watch xfer sessions`, but
// reading the ledger directly, so it follows an `xfer send` running in another terminal).
import { fail } from '../../common/errors.ts';
import { SESSION_STATES, type SessionState } from '../../common/session.ts';
import type { Services } from '../../app/services.ts';
import { accountIdByName, accountNames, withServices } from '../cli-services.ts';
import { type CliContext, type CommandRunner } from '../context.ts';
import { EXIT } from '../../common/exit-codes.ts';
import { parseCommand } from '../parse.ts';
import { printSessions, sessionsTable } from '../session-output.ts';
import { didYouMean } from '../suggest.ts';
import { count } from '../words.ts';

export const SESSIONS_OPTIONS = {
  state: { type: 'string' },
  account: { type: 'string' },
  watch: { type: 'boolean' },
  interval: { type: 'string' },
} as const;

export const run: CommandRunner = async (argv, ctx) => {
  const { values, positionals } = parseCommand('sessions', argv, SESSIONS_OPTIONS);
  if (positionals.length > 0) fail('bad_request', `sessions takes no arguments, got "${positionals.join(' ')}"`);
  const state = values.state;
  if (state !== undefined && !(SESSION_STATES as readonly string[]).includes(state)) {
    fail(
      'bad_request',
      `sessions: --state must be one of ${SESSION_STATES.join(', ')}; got "${state}".${didYouMean(state, SESSION_STATES)}`,
    );
  }
  if (values.watch && ctx.json) fail('bad_request', 'sessions: --watch is for people; scripts can poll --json');
  const intervalMs = intervalOf(values.interval);
  return withServices(ctx, async (services) => {
    const accountId = values.account === undefined ? undefined : accountIdByName(services, values.account);
    const list = () =>
      services.ledger.listSessions({
        ...(state !== undefined && { state: state as SessionState }),
        ...(accountId !== undefined && { accountId }),
      });
    if (values.watch) return watch(ctx, services, list, intervalMs);
    const sessions = list();
    printSessions(ctx, sessions, accountNames(services));
    if (!ctx.json && sessions.length === 0) ctx.stdout.write('No sessions.\n');
    return EXIT.ok;
  });
};

function intervalOf(text: string | undefined): number {
  if (text === undefined) return 2000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0.2 || seconds > 3600)
    fail('bad_request', `sessions: --interval is seconds from 0.2 to 3600, got "${text}"`);
  return Math.round(seconds * 1000);
}

/**
 * Redraws until interrupted. On a terminal the screen is cleared and drawn again each tick; in a pipe
 * a new picture is printed only when something changed, so a log stays short.
 */
async function watch(
  ctx: CliContext,
  services: Services,
  list: () => ReturnType<Services['ledger']['listSessions']>,
  intervalMs: number,
): Promise<typeof EXIT.ok> {
  const tty = (ctx.stdout as { isTTY?: boolean }).isTTY === true;
  let previous = '';
  while (!ctx.signal.aborted) {
    const sessions = list();
    const body = sessions.length === 0 ? 'No sessions.\n' : sessionsTable(ctx, sessions, accountNames(services));
    const moving = sessions.filter((session) => ['uploading', 'finalizing', 'processing'].includes(session.state));
    const heading = `${count(sessions.length, 'session')}, ${moving.length} moving · every ${intervalMs / 1000} s · Ctrl-C to stop\n\n`;
    if (tty) ctx.stdout.write(`\x1b[H\x1b[2J${heading}${body}`);
    else if (body !== previous) ctx.stdout.write(`${heading}${body}\n`);
    previous = body;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, intervalMs);
      ctx.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
  return EXIT.ok;
}
