// Runs the real `xfer` bin in a child process, as a user would, and collects what it printed.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const XFER_BIN = fileURLToPath(new URL('../../bin/xfer.js', import.meta.url));

export interface XferOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningXfer {
  child: ChildProcess;
  /** Resolves when the process has exited. */
  done: Promise<XferOutcome>;
}

export function startXfer(args: readonly string[], env: NodeJS.ProcessEnv = {}): RunningXfer {
  const child = spawn(process.execPath, [XFER_BIN, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const done = new Promise<XferOutcome>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function xfer(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<XferOutcome> {
  return startXfer(args, env).done;
}

/** The one JSON document a `--json` run printed (throws if stdout holds anything else). */
export function jsonOf<T = Record<string, unknown>>(outcome: XferOutcome): T {
  try {
    return JSON.parse(outcome.stdout) as T;
  } catch {
    throw new Error(`stdout is not one JSON document:\n${outcome.stdout}\nstderr:\n${outcome.stderr}`);
  }
}

/**
 * Adds an account for a self-hosted API the way a user would: `--api-base`, offline, and the
 * secrets from the environment (never on the command line), as the API's first demo user.
 */
export function addApiAccount(
  dataDir: string,
  name: string,
  api: {
    url: string;
    consumerKey: string;
    consumerSecret: string;
    users: readonly { token: string; tokenSecret: string }[];
  },
  env: NodeJS.ProcessEnv = {},
): Promise<XferOutcome> {
  const user = api.users[0]!;
  return xfer(
    [
      '--data-dir',
      dataDir,
      'accounts',
      'add',
      name,
      '--consumer-key',
      api.consumerKey,
      '--api-base',
      api.url,
      '--offline',
    ],
    { ...env, XFER_CONSUMER_SECRET: api.consumerSecret, XFER_TOKEN: user.token, XFER_TOKEN_SECRET: user.tokenSecret },
  );
}
