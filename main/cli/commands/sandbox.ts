// `xfer sandbox`: runs the local X API emulator until interrupted and prints its URL and demo
// credentials. The credentials are fixed constants that only open this local emulator: not secret.
import { fail } from '../../common/errors.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../core/sandbox/index.ts';
import { type CommandRunner } from '../context.ts';
import { EXIT } from '../../common/exit-codes.ts';
import { parseCommand } from '../parse.ts';

export const SANDBOX_USAGE = `Usage: xfer sandbox [--port N] [--tls] [--faults RATE] [--seed S] [--latency MS]
Runs the local X API emulator (v2, v1.1 and PIN login on one origin) until interrupted.
  --port N        listen on 127.0.0.1:N (default: a free port)
  --tls           serve HTTPS with a fresh local CA (its PEM path is printed)
  --faults RATE   fail this share (0–1) of upload requests: 503, 429, dropped connection, 500 after storing,
                  503 before reading the body (then the connection closed)
  --seed S        seed for the fault sequence (default 1): the same seed replays the same faults
  --latency MS    wait this long before every response
With --json the first line on stdout is one JSON object with the URL and demo credentials.`;

function wholeNumber(name: string, text: string | undefined, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > max)
    fail('bad_request', `--${name} must be a whole number from 0 to ${max}, got "${text}"`);
  return value;
}

export const SANDBOX_OPTIONS = {
  port: { type: 'string' },
  tls: { type: 'boolean' },
  faults: { type: 'string' },
  seed: { type: 'string' },
  latency: { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** The options for startSandbox from the command words; usage errors are failures of kind bad_request. */
export function sandboxOptionsFrom(argv: string[]): { help: boolean; options: SandboxOptions } {
  const { values, positionals } = parseCommand('sandbox', argv, SANDBOX_OPTIONS);
  if (positionals.length > 0) fail('bad_request', `sandbox takes no arguments, got "${positionals.join(' ')}"`);
  const options: SandboxOptions = { tls: values.tls ?? false };
  const port = wholeNumber('port', values.port, 65_535);
  if (port !== undefined) options.port = port;
  const latency = wholeNumber('latency', values.latency, 600_000);
  if (latency !== undefined) options.latencyMs = latency;
  const seed = wholeNumber('seed', values.seed, 2 ** 32 - 1) ?? 1;
  if (values.faults !== undefined) {
    const rate = Number(values.faults);
    if (!/^\d*\.?\d+$/.test(values.faults) || rate > 1)
      fail('bad_request', `--faults must be a rate from 0 to 1, got "${values.faults}"`);
    options.faults = { rate, seed };
  }
  return { help: values.help ?? false, options };
}

export function describeSandbox(sandbox: Sandbox): Record<string, unknown> {
  return {
    url: sandbox.url,
    consumer_key: sandbox.consumerKey,
    consumer_secret: sandbox.consumerSecret,
    users: sandbox.users.map((user) => ({
      user_id: user.userId,
      screen_name: user.screenName,
      token: user.token,
      token_secret: user.tokenSecret,
    })),
    oauth2_client_id: sandbox.oauth2ClientId,
    ca_cert: sandbox.caCert,
  };
}

function humanText(sandbox: Sandbox, options: SandboxOptions): string {
  const lines = [
    `Xfer sandbox listening on ${sandbox.url}`,
    'Demo credentials (fixed, not secret: they only open this local emulator):',
    `  consumer key     ${sandbox.consumerKey}`,
    `  consumer secret  ${sandbox.consumerSecret}`,
    ...sandbox.users.map(
      (user) =>
        `  @${user.screenName} (id ${user.userId})\n    token         ${user.token}\n    token secret  ${user.tokenSecret}`,
    ),
  ];
  lines.push(
    `  OAuth 2.0 demo app (client id, no secret): ${sandbox.oauth2ClientId}`,
    `    try it: xfer accounts add demo2 --oauth2 --client-id ${sandbox.oauth2ClientId} --api-base ${sandbox.url}`,
  );
  if (sandbox.caCert) lines.push(`CA certificate (PEM): ${sandbox.caCert}`);
  if (options.faults) lines.push(`Faults: rate ${options.faults.rate}, seed ${options.faults.seed}`);
  if (options.latencyMs) lines.push(`Latency: ${options.latencyMs} ms per response`);
  lines.push('Press Ctrl+C to stop.');
  return `${lines.join('\n')}\n`;
}

export const run: CommandRunner = async (argv, ctx) => {
  const { help, options } = sandboxOptionsFrom(argv);
  if (help) {
    ctx.stdout.write(`${SANDBOX_USAGE}\n`);
    return EXIT.ok;
  }
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox(options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    fail('environment', `The sandbox could not start: ${message}`);
  }
  try {
    ctx.stdout.write(ctx.json ? `${JSON.stringify(describeSandbox(sandbox))}\n` : humanText(sandbox, options));
    if (!ctx.signal.aborted) {
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
    }
  } finally {
    await sandbox.close();
  }
  return EXIT.ok;
};
