// Runs one of the tweepy scripts against a TLS sandbox as its first demo user: Debian's interpreter, where
// python3-tweepy lives (not the pyenv python3 first on PATH), trusting only the sandbox's CA.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Sandbox } from '../../main/core/sandbox/index.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';

/** The script's stdout; `script` is a file next to this one. */
export async function runTweepy(sandbox: Sandbox, script: string, args: string[]): Promise<string> {
  const user = sandbox.users[0];
  if (!user || !sandbox.caCert) throw new Error('sandbox not in TLS mode');
  const { stdout } = await run(PYTHON, [fileURLToPath(new URL(`./${script}`, import.meta.url)), ...args], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      REQUESTS_CA_BUNDLE: sandbox.caCert,
      XFER_SANDBOX_CONSUMER_KEY: sandbox.consumerKey,
      XFER_SANDBOX_CONSUMER_SECRET: sandbox.consumerSecret,
      XFER_SANDBOX_TOKEN: user.token,
      XFER_SANDBOX_TOKEN_SECRET: user.tokenSecret,
    },
  });
  return stdout;
}
