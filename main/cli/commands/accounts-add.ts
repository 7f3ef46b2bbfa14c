// `xfer accounts add` (OAuth 1.0a from tokens or a PIN login, or OAuth 2.0) and `xfer accounts signin`.
// Secrets come from flags, environment variables, a hidden prompt or a PIN login, go straight to the OS
// keychain, and are never printed.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { TokenAccountInput } from '../../core/accounts/registry.ts';
import { fail } from '../../common/errors.ts';
import type { ExitCode } from '../../common/exit-codes.ts';
import type { CliContext } from '../context.ts';
import { parseCommand } from '../parse.ts';
import { canPrompt, promptHidden } from '../secret-prompt.ts';
import { addWithOAuth2, signInAgain } from './accounts-oauth2.ts';
import { done } from './accounts-output.ts';
import { singleName, tierOf, type AccountsCommandIo, type AccountsCommandServices } from './accounts-services.ts';

export const ACCOUNTS_ADD_OPTIONS = {
  'consumer-key': { type: 'string' },
  'consumer-secret': { type: 'string' },
  token: { type: 'string' },
  'token-secret': { type: 'string' },
  pin: { type: 'boolean' },
  api: { type: 'string' },
  'api-base': { type: 'string' },
  'upload-base': { type: 'string' },
  tier: { type: 'string' },
  offline: { type: 'boolean' },
  oauth2: { type: 'boolean' },
  'client-id': { type: 'string' },
  'redirect-uri': { type: 'string' },
  'no-browser': { type: 'boolean' },
} as const;

// parseCommand's messages name the option, never its value (a value may be a secret).
const parseAddArgs = (rest: string[]) => parseCommand('accounts add', rest, ACCOUNTS_ADD_OPTIONS);

export async function add(
  rest: string[],
  ctx: CliContext,
  services: AccountsCommandServices,
  io: AccountsCommandIo,
): Promise<ExitCode> {
  const { values, positionals } = parseAddArgs(rest);
  const [name] = positionals;
  if (name === undefined || positionals.length > 1)
    fail('bad_request', 'accounts add takes one NAME (see xfer accounts --help)');
  const env = ctx.env;
  const stdin = io.stdin ?? process.stdin;
  if (values.oauth2) {
    if (values.pin || values.offline || values.token || values['token-secret'] || values['consumer-key'])
      fail('bad_request', '--oauth2 takes a --client-id, not consumer keys, tokens, --pin or --offline');
    await requireKeychain(services);
    const account = await addWithOAuth2(
      services.registry,
      {
        name,
        clientId: values['client-id'],
        redirectUri: values['redirect-uri'],
        noBrowser: values['no-browser'] ?? false,
        api: apiOf(values.api),
        apiBase: values['api-base'],
        uploadBase: values['upload-base'],
        tier: tierOf(values.tier),
      },
      ctx,
      { stdin, ...(io.openBrowser && { openBrowser: io.openBrowser }), ...(ctx.signal && { signal: ctx.signal }) },
    );
    return done(ctx, account, `Added "${account.name}" as @${account.screenName ?? '?'} (OAuth 2.0)`);
  }
  if (values['client-id'] || values['redirect-uri'] || values['no-browser'])
    fail('bad_request', '--client-id, --redirect-uri and --no-browser go with --oauth2');
  const consumerKey = values['consumer-key'] ?? env.XFER_CONSUMER_KEY;
  if (!consumerKey) fail('bad_request', "Give the app's --consumer-key");
  const consumerSecret =
    values['consumer-secret'] ??
    env.XFER_CONSUMER_SECRET ??
    (await askSecret(stdin, ctx, 'Consumer secret (input hidden): '));
  if (!consumerSecret) fail('bad_request', 'Give the consumer secret: set XFER_CONSUMER_SECRET (or --consumer-secret)');
  const connection = {
    name,
    consumerKey,
    consumerSecret,
    api: apiOf(values.api),
    apiBase: values['api-base'],
    uploadBase: values['upload-base'],
    tier: tierOf(values.tier),
  };
  // Fail before any network call: without a keychain nothing could be saved.
  await requireKeychain(services);

  if (values.pin) {
    if (values.offline || values.token || values['token-secret'])
      fail('bad_request', '--pin cannot be combined with --offline or tokens');
    const started = await services.registry.startPinLogin(connection);
    ctx.stderr.write(`Open this page, approve Xfer, then type the PIN it shows:\n  ${started.authorizeUrl}\nPIN: `);
    const pin = await readLine(stdin);
    if (!pin) fail('bad_request', 'No PIN was typed: run the command again');
    const account = await services.registry.finishPinLogin(started.loginId, pin);
    return done(ctx, account, `Added "${account.name}" as @${account.screenName ?? '?'}`);
  }
  const tokens = await tokensOf(values, env, stdin, ctx);
  const input: TokenAccountInput = { ...connection, ...tokens, offline: values.offline ?? false };
  const account = await services.registry.addWithTokens(input);
  const how =
    account.verifiedAt === null ? 'unverified: checked on its first send' : `as @${account.screenName ?? '?'}`;
  return done(ctx, account, `Added "${account.name}" (${how})`);
}

const SIGNIN_OPTIONS = { 'redirect-uri': { type: 'string' }, 'no-browser': { type: 'boolean' } } as const;

export async function signin(
  rest: string[],
  ctx: CliContext,
  services: AccountsCommandServices,
  io: AccountsCommandIo,
): Promise<ExitCode> {
  const { values, positionals } = parseCommand('accounts signin', rest, SIGNIN_OPTIONS);
  const account = services.registry.getByName(singleName(positionals, 'signin'));
  await requireKeychain(services);
  const signedIn = await signInAgain(
    services.registry,
    account,
    { redirectUri: values['redirect-uri'], noBrowser: values['no-browser'] ?? false },
    ctx,
    { stdin: io.stdin ?? process.stdin, ...(io.openBrowser && { openBrowser: io.openBrowser }), signal: ctx.signal },
  );
  return done(ctx, signedIn, `Signed "${signedIn.name}" in again as @${signedIn.screenName ?? '?'}`);
}

async function requireKeychain(services: AccountsCommandServices): Promise<void> {
  const keychain = await services.keychainStatus();
  if (!keychain.ok) fail('environment', keychain.message ?? 'The OS keychain is not available');
}

async function tokensOf(
  values: { token?: string; 'token-secret'?: string },
  env: NodeJS.ProcessEnv,
  stdin: Readable,
  ctx: CliContext,
): Promise<{ token: string; tokenSecret: string }> {
  const token = values.token ?? env.XFER_TOKEN ?? (await askSecret(stdin, ctx, 'Access token (input hidden): '));
  const tokenSecret =
    values['token-secret'] ??
    env.XFER_TOKEN_SECRET ??
    (token ? await askSecret(stdin, ctx, 'Access token secret (input hidden): ') : null);
  if (!token || !tokenSecret) {
    fail(
      'bad_request',
      "Give the account's tokens (XFER_TOKEN and XFER_TOKEN_SECRET, or --token and --token-secret), or use --pin",
    );
  }
  return { token, tokenSecret };
}

function apiOf(value: string | undefined): 'v2' | 'v1.1' {
  if (value === undefined || value === 'v2') return 'v2';
  if (value === 'v1.1') return 'v1.1';
  fail('bad_request', `--api is v2 or v1.1, got "${value}"`);
}

/** A secret typed at the terminal, unseen; null off a terminal (flags and env vars are the way there). */
async function askSecret(stdin: Readable, ctx: CliContext, question: string): Promise<string | null> {
  if (!canPrompt(stdin) || ctx.json) return null;
  const typed = await promptHidden(stdin, ctx.stderr, question);
  if (typed === null) fail('bad_request', 'Cancelled: nothing was saved');
  return typed.trim() || null;
}

function readLine(input: Readable): Promise<string | null> {
  return new Promise((resolve) => {
    const lines = createInterface({ input, terminal: false });
    let answered = false;
    lines.once('line', (line) => {
      answered = true;
      resolve(line.trim());
      lines.close();
    });
    lines.once('close', () => {
      if (!answered) resolve(null);
    });
  });
}
