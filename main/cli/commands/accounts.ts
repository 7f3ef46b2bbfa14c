// `xfer accounts [list | add | remove | verify]`: the account registry from the command line.
// Secrets come from flags, environment variables or a PIN login, go straight to the OS keychain,
// and are never printed. Output never carries more than the registry's public facts.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { openServices } from '../../app/services.ts';
import type { AccountRegistry, TokenAccountInput } from '../../core/accounts/registry.ts';
import { SANDBOX_ACCOUNT_NAME } from '../../core/accounts/sandbox-account.ts';
import { keychainBackend, type KeychainStatus } from '../../core/accounts/keychain.ts';
import type { Account } from '../../common/account.ts';
import { fail, isXferFailure, type XferError } from '../../common/errors.ts';
import { TIERS, type Tier } from '../../common/media-types.ts';
import { type CliContext, type CommandRunner } from '../context.ts';
import { EXIT, exitCodeFor, type ExitCode } from '../../common/exit-codes.ts';
import { canPrompt, promptHidden } from '../secret-prompt.ts';
import { PLAIN } from '../color.ts';
import { serverLabel } from '../../common/account-label.ts';
import { parseCommand } from '../parse.ts';
import { addWithOAuth2, signInAgain, type OpenBrowser } from './accounts-oauth2.ts';
import { didYouMean } from '../suggest.ts';
import { renderTable, type Cell } from '../table.ts';
import { printable } from '../../common/printable.ts';

export const ACCOUNTS_USAGE = `Usage: xfer accounts [list]
       xfer accounts add NAME --consumer-key K [--consumer-secret S] [--token T --token-secret S | --pin]
                             [--api v2|v1.1] [--api-base URL] [--upload-base URL] [--tier standard|premium] [--offline]
       xfer accounts add NAME --oauth2 --client-id ID [--redirect-uri URI] [--no-browser] [--api-base URL]
       xfer accounts signin NAME [--redirect-uri URI] [--no-browser]   (an OAuth 2.0 account: sign in again)
       xfer accounts verify NAME
       xfer accounts remove NAME
Secrets go to the OS keychain only. Prefer the environment to flags (flags show in the process list):
  XFER_CONSUMER_SECRET, XFER_TOKEN, XFER_TOKEN_SECRET
  --pin          log in through the browser: open the printed page, approve, type the PIN here
  --oauth2       sign in with OAuth 2.0 (an app set up as a "Native App": client id, no secret) in the
                 system browser; the redirect URI (default http://127.0.0.1:53682/callback) must be
                 registered in the app exactly. --no-browser prints the address instead; either way,
                 pasting the address the browser ended on finishes the sign-in. v2 only.
  --api-base     alone, it sets the upload base too (a proxy, or the sandbox's URL)
  --offline      save without checking the credentials against X (checked on the first send)
Exit 3 when the OS keychain cannot keep secrets (the message says how to fix it).`;

export interface AccountsCommandServices {
  registry: AccountRegistry;
  keychainStatus(): Promise<KeychainStatus>;
  /** Starts this run's sandbox so the built-in account can be verified; absent when there is none. */
  ensureSandbox?(): Promise<unknown>;
  close(): void | Promise<void>;
}

export type OpenAccountsServices = (ctx: CliContext) => Promise<AccountsCommandServices>;

export interface AccountsCommandIo {
  /** Where --pin reads the PIN, and --oauth2 a pasted redirect address (process.stdin by default). */
  stdin?: Readable;
  /** --oauth2 without --no-browser: the system browser by default. */
  openBrowser?: OpenBrowser;
}

/**
 * The app's services (main/app/services.ts): the ledger in the data dir, the OS keychain (service
 * "xfer", or XFER_KEYCHAIN_SERVICE to keep a separate set of secrets, e.g. for tests), and the
 * embedded sandbox, started only if the built-in account is verified.
 */
export const openDefaultAccountsServices: OpenAccountsServices = async (ctx) => {
  const services = await openServices({ dataDir: ctx.dataDir, env: ctx.env, resume: false });
  return {
    registry: services.accounts,
    keychainStatus: async () => ({ backend: keychainBackend(), ...(await services.keychain()) }),
    ensureSandbox: () => services.sandbox.ensure(),
    close: () => services.close(),
  };
};

export function createAccountsCommand(open: OpenAccountsServices, io: AccountsCommandIo = {}): CommandRunner {
  return async (argv, ctx) => {
    try {
      const [subcommand = 'list', ...rest] = argv;
      if (subcommand === '--help' || rest.includes('--help')) {
        ctx.stdout.write(`${ACCOUNTS_USAGE}\n`);
        return EXIT.ok;
      }
      if (!ACCOUNTS_SUBCOMMANDS.includes(subcommand)) {
        const hint = didYouMean(subcommand, ACCOUNTS_SUBCOMMANDS);
        fail('bad_request', `Unknown accounts command "${subcommand}".${hint} (list, add, signin, verify, remove)`);
      }
      const services = await open(ctx);
      try {
        if (subcommand === 'list') return list(rest, ctx, services);
        if (subcommand === 'add') return await add(rest, ctx, services, io);
        if (subcommand === 'signin') return await signin(rest, ctx, services, io);
        const name = singleName(rest, subcommand);
        const account = await accountNamed(services, name, subcommand === 'verify');
        if (subcommand === 'verify') {
          const verified = await services.registry.verify(account.id);
          return done(ctx, verified, `Verified "${verified.name}" as @${verified.screenName ?? '?'}`);
        }
        const { notice } = await services.registry.remove(account.id);
        if (notice) ctx.stderr.write(`${notice}\n`);
        const what =
          account.kind === 'sandbox' ? 'the built-in "sandbox" account' : `"${account.name}" and its keychain entry`;
        return done(ctx, { removed: account.name }, `Removed ${what}`);
      } finally {
        await services.close();
      }
    } catch (thrown) {
      if (!isXferFailure(thrown)) throw thrown;
      return report(ctx, thrown.error);
    }
  };
}

export const run: CommandRunner = createAccountsCommand(openDefaultAccountsServices);

function list(rest: string[], ctx: CliContext, services: AccountsCommandServices): ExitCode {
  if (rest.length > 0) fail('bad_request', `accounts list takes no arguments, got "${rest.join(' ')}"`);
  const accounts = services.registry.list();
  if (ctx.json) {
    ctx.stdout.write(`${JSON.stringify(accounts.map(accountJson))}\n`);
    return EXIT.ok;
  }
  if (accounts.length === 0) {
    // The built-in sandbox account is made the first time it is used, so a fresh install lists nothing yet.
    ctx.stdout.write(
      'No accounts yet. Try Xfer with the built-in sandbox: --account sandbox (made on first use);\n' +
        'add an X account with xfer accounts add NAME --pin (see xfer accounts --help)\n',
    );
    return EXIT.ok;
  }
  ctx.stdout.write(
    renderTable(
      ['name', 'handle', 'server', 'api', 'auth', 'tier', 'verified'],
      accounts.map((account) => accountRow(account)),
      { palette: ctx.palette ?? PLAIN },
    ),
  );
  return EXIT.ok;
}

async function add(
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
    const keychain = await services.keychainStatus();
    if (!keychain.ok) fail('environment', keychain.message ?? 'The OS keychain is not available');
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
  const keychain = await services.keychainStatus();
  if (!keychain.ok) fail('environment', keychain.message ?? 'The OS keychain is not available');

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

async function signin(
  rest: string[],
  ctx: CliContext,
  services: AccountsCommandServices,
  io: AccountsCommandIo,
): Promise<ExitCode> {
  const { values, positionals } = parseCommand('accounts signin', rest, SIGNIN_OPTIONS);
  const account = services.registry.getByName(singleName(positionals, 'signin'));
  const keychain = await services.keychainStatus();
  if (!keychain.ok) fail('environment', keychain.message ?? 'The OS keychain is not available');
  const signedIn = await signInAgain(
    services.registry,
    account,
    { redirectUri: values['redirect-uri'], noBrowser: values['no-browser'] ?? false },
    ctx,
    { stdin: io.stdin ?? process.stdin, ...(io.openBrowser && { openBrowser: io.openBrowser }), signal: ctx.signal },
  );
  return done(ctx, signedIn, `Signed "${signedIn.name}" in again as @${signedIn.screenName ?? '?'}`);
}

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

export const ACCOUNTS_SUBCOMMANDS = ['list', 'add', 'signin', 'verify', 'remove'];

// parseCommand's messages name the option, never its value (a value may be a secret).
const parseAddArgs = (rest: string[]) => parseCommand('accounts add', rest, ACCOUNTS_ADD_OPTIONS);

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

function tierOf(value: string | undefined): Tier {
  if (value === undefined) return 'standard';
  if ((TIERS as readonly string[]).includes(value)) return value as Tier;
  fail('bad_request', `--tier is ${TIERS.join(' or ')}, got "${value}"`);
}

/** The built-in sandbox account exists once this run's sandbox is up: start it when it is asked for. */
async function accountNamed(services: AccountsCommandServices, name: string, needsSandbox: boolean): Promise<Account> {
  const known = services.registry.list().find((account) => account.name === name);
  if (known?.kind === 'x' || (known && !needsSandbox)) return known;
  if (known || name === SANDBOX_ACCOUNT_NAME) await services.ensureSandbox?.();
  return services.registry.getByName(name);
}

function singleName(rest: string[], subcommand: string): string {
  const [name] = rest;
  if (name === undefined || rest.length > 1 || name.startsWith('-'))
    fail('bad_request', `accounts ${subcommand} takes one NAME`);
  return name;
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

/** What `--json` prints for an account: snake_case like the session output, times as ISO 8601. */
export function accountJson(account: Account) {
  return {
    id: account.id,
    name: account.name,
    kind: account.kind,
    user_id: account.userId,
    screen_name: account.screenName,
    api: account.api,
    api_base: account.apiBase,
    upload_base: account.uploadBase,
    tier: account.tier,
    verified_at: account.verifiedAt === null ? null : new Date(account.verifiedAt).toISOString(),
    created_at: new Date(account.createdAt).toISOString(),
    auth: account.kind === 'sandbox' ? 'sandbox' : account.oauth2 ? 'oauth2' : 'oauth1',
    sign_in_again: account.oauth2?.signInAgain ?? false,
    access_expires_at:
      account.oauth2?.accessExpiresAt == null ? null : new Date(account.oauth2.accessExpiresAt).toISOString(),
  };
}

function accountRow(account: Account): Cell[] {
  const verified =
    account.verifiedAt === null
      ? { text: 'unverified', style: 'yellow' as const }
      : new Date(account.verifiedAt).toISOString().slice(0, 10);
  const server = serverLabel(account);
  return [
    account.name,
    account.screenName ? `@${account.screenName}` : '(unknown)',
    server === 'X' ? server : { text: server, style: 'magenta' },
    account.api,
    account.oauth2?.signInAgain
      ? { text: 'OAuth 2.0: sign in again', style: 'yellow' as const }
      : account.oauth2
        ? 'OAuth 2.0'
        : account.kind === 'sandbox'
          ? 'sandbox'
          : 'OAuth 1.0a',
    account.tier,
    verified,
  ];
}

function done(ctx: CliContext, value: Account | { removed: string }, text: string): ExitCode {
  if (ctx.json) ctx.stdout.write(`${JSON.stringify('id' in value ? accountJson(value) : value)}\n`);
  else ctx.stdout.write(`${text}\n`);
  return EXIT.ok;
}

/** Same shape as main.ts's top-level report, so callers see one format whoever catches. */
function report(ctx: CliContext, error: XferError): ExitCode {
  if (ctx.json) ctx.stdout.write(`${JSON.stringify({ error: { kind: error.kind, message: error.message } })}\n`);
  ctx.stderr.write(`xfer: ${printable(error.message)}\n`);
  return exitCodeFor(error.kind);
}
