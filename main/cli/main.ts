// The `xfer` entry: lifts the global options, finds the command, runs it with a CliContext,
// and turns expected failures into a message and an exit code. Command modules load lazily
// so `xfer --help` stays instant and one command's imports never slow another.
import type { Writable } from 'node:stream';
import { fail, isXferFailure, type XferError } from '../common/errors.ts';
import { type CliContext, type CommandRunner } from './context.ts';
import { EXIT, exitCodeFor } from '../common/exit-codes.ts';
import { resolveDataDir } from './data-dir.ts';
import { SENDING_COMMANDS, splitGlobalOptions } from './global-options.ts';
import { COMMAND_USAGE, GLOBAL_USAGE } from './usage.ts';
import { colorEnabled, palette } from './color.ts';
import { didYouMean } from './suggest.ts';
import { printable } from '../common/printable.ts';
import { COMMAND_NAMES, isCommandName, type CommandName } from './command-names.ts';

type Loader = () => Promise<{ run: CommandRunner }>;

const COMMANDS: Record<CommandName, Loader> = {
  prepare: () => import('./commands/prepare.ts'),
  send: () => import('./commands/send.ts'),
  upload: () => import('./commands/upload.ts'),
  sessions: () => import('./commands/sessions.ts'),
  cancel: () => import('./commands/cancel.ts'),
  retry: () => import('./commands/retry.ts'),
  forget: () => import('./commands/forget.ts'),
  prefs: () => import('./commands/prefs.ts'),
  validate: () => import('./commands/validate.ts'),
  fix: () => import('./commands/fix.ts'),
  accounts: () => import('./commands/accounts.ts'),
  sandbox: () => import('./commands/sandbox.ts'),
  completion: () => import('./commands/completion.ts'),
  post: () => import('./commands/post.ts'),
  posts: () => import('./commands/posts.ts'),
  run: () => import('./commands/run.ts'),
};

export { COMMAND_NAMES };

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

function report(io: CliIo, json: boolean, error: Pick<XferError, 'kind' | 'message'>): void {
  if (json) io.stdout.write(`${JSON.stringify({ error: { kind: error.kind, message: error.message } })}\n`);
  io.stderr.write(`xfer: ${printable(error.message)}\n`);
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let json = argv.includes('--json');
  try {
    const options = splitGlobalOptions(argv);
    json = options.json;
    if (options.version) {
      io.stdout.write(json ? `${JSON.stringify({ version: await version() })}\n` : `${await version()}\n`);
      return EXIT.ok;
    }
    if (options.command === null) {
      (options.help ? io.stdout : io.stderr).write(GLOBAL_USAGE);
      return options.help ? EXIT.ok : EXIT.usage;
    }
    const load = isCommandName(options.command) ? COMMANDS[options.command] : undefined;
    if (!load) {
      const hint = didYouMean(options.command, COMMAND_NAMES);
      report(io, json, {
        kind: 'bad_request',
        message: `Unknown command "${options.command}".${hint} (see xfer --help)`,
      });
      return EXIT.usage;
    }
    if (options.bandwidthLimit !== undefined && !(SENDING_COMMANDS as readonly string[]).includes(options.command))
      fail(
        'bad_request',
        `--bwlimit limits what a command sends: use it with ${SENDING_COMMANDS.join(', ')} (not ${options.command})`,
      );
    const ownUsage = COMMAND_USAGE[options.command];
    if (options.help && ownUsage) {
      io.stdout.write(`${ownUsage}\n`);
      return EXIT.ok;
    }
    const ctx: CliContext = {
      stdout: io.stdout,
      stderr: io.stderr,
      env: io.env,
      dataDir: resolveDataDir(options.dataDir, io.env),
      json,
      signal: io.signal,
      palette: palette(colorEnabled(io.stdout as { isTTY?: boolean }, io.env, options.noColor)),
      stderrPalette: palette(colorEnabled(io.stderr as { isTTY?: boolean }, io.env, options.noColor)),
      ...(options.bandwidthLimit !== undefined && { bandwidthLimit: options.bandwidthLimit }),
    };
    const { run } = await load();
    // Commands written elsewhere read their own --help.
    return await run(options.help ? [...options.rest, '--help'] : options.rest, ctx);
  } catch (thrown) {
    if (!isXferFailure(thrown)) throw thrown;
    report(io, json, thrown.error);
    return exitCodeFor(thrown.error.kind);
  }
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const REPEAT_MS = 500;

/** bin/xfer.js calls this: wires the real process, its signals and its exit. */
export async function runFromProcess(): Promise<void> {
  const controller = new AbortController();
  let interruptedBy: NodeJS.Signals | null = null;
  let interruptedAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    // A second signal stops now. Not one within REPEAT_MS: when-exit (under conf's atomic writes)
    // re-raises the first signal to this process a few ms later, which used to skip the clean stop.
    if (interruptedBy && Date.now() - interruptedAt > REPEAT_MS) process.exit(signal === 'SIGINT' ? 130 : 143);
    if (interruptedBy) return;
    interruptedBy = signal;
    interruptedAt = Date.now();
    // The command says what was stopped and how to resume, in one line, once it has stopped.
    process.stderr.write('\n');
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let code: number;
  try {
    code = await runCli(process.argv.slice(2), {
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
      signal: controller.signal,
    });
  } catch (thrown) {
    process.stderr.write(
      `xfer: internal error: ${thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)}\n`,
    );
    code = 70;
  }
  if (interruptedBy) code = interruptedBy === 'SIGINT' ? 130 : 143;
  // Let buffered output reach a pipe before exiting; exit explicitly so no stray handle keeps us alive.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}
