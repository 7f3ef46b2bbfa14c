// `xfer accounts add NAME --oauth2 --client-id ID`: OAuth 2.0 sign-in in the system browser
// (reference §9). Prints the redirect URI to register in X's portal, opens the authorize page (or,
// with --no-browser, prints it alone on a line of stderr), and waits for the browser to come back
// to the loopback listener, or for the address the browser ended on pasted on stdin (a machine
// reached over SSH). Ctrl-C cancels; nothing is stored unless the whole sign-in succeeds.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import open from 'open';
import type { AccountRegistry, OAuth2SignInStart } from '../../core/accounts/registry.ts';
import type { Account } from '../../common/account.ts';
import { fail, isXferFailure } from '../../common/errors.ts';
import type { ApiVersion } from '../../common/account.ts';
import type { Tier } from '../../common/media-types.ts';
import type { CliContext } from '../context.ts';

export interface OAuth2AddOptions {
  name: string;
  clientId: string | undefined;
  redirectUri: string | undefined;
  noBrowser: boolean;
  api: ApiVersion;
  apiBase: string | undefined;
  uploadBase: string | undefined;
  tier: Tier;
}

/** Opens a URL in the system browser; tests pass their own. */
export type OpenBrowser = (url: string) => Promise<void>;

export const openSystemBrowser: OpenBrowser = async (url) => {
  await open(url, { wait: false });
};

export async function addWithOAuth2(
  registry: AccountRegistry,
  options: OAuth2AddOptions,
  ctx: CliContext,
  io: { stdin: Readable; openBrowser?: OpenBrowser; signal?: AbortSignal },
): Promise<Account> {
  const clientId = options.clientId?.trim();
  if (!clientId)
    fail('bad_request', "Give the app's --client-id (X developer portal → your app → Keys and tokens → OAuth 2.0)");
  const started = await registry.startOAuth2SignIn({
    name: options.name,
    clientId,
    ...(options.redirectUri !== undefined && { redirectUri: options.redirectUri }),
    api: options.api,
    ...(options.apiBase !== undefined && { apiBase: options.apiBase }),
    ...(options.uploadBase !== undefined && { uploadBase: options.uploadBase }),
    tier: options.tier,
  });
  return waitForBrowser(registry, started, options.noBrowser, ctx, io);
}

/** `xfer accounts signin NAME`: an OAuth 2.0 account that must sign in again gets new tokens; its sessions stay. */
export async function signInAgain(
  registry: AccountRegistry,
  account: Account,
  options: { redirectUri: string | undefined; noBrowser: boolean },
  ctx: CliContext,
  io: { stdin: Readable; openBrowser?: OpenBrowser; signal?: AbortSignal },
): Promise<Account> {
  const started = await registry.startOAuth2SignInAgain({
    accountId: account.id,
    ...(options.redirectUri !== undefined && { redirectUri: options.redirectUri }),
  });
  return waitForBrowser(registry, started, options.noBrowser, ctx, io);
}

async function waitForBrowser(
  registry: AccountRegistry,
  started: OAuth2SignInStart,
  noBrowser: boolean,
  ctx: CliContext,
  io: { stdin: Readable; openBrowser?: OpenBrowser; signal?: AbortSignal },
): Promise<Account> {
  const cancel = () => registry.cancelOAuth2SignIn(started.signInId);
  io.signal?.addEventListener('abort', cancel, { once: true });
  ctx.stderr.write(
    `The app's redirect URI in X's developer portal must be exactly: ${started.redirectUri}\n` +
      (noBrowser ? 'Open this address in a browser and approve Xfer:\n' : 'Opening the browser to approve Xfer:\n'),
  );
  ctx.stderr.write(`${started.authorizeUrl}\n`);
  if (!noBrowser) {
    try {
      await (io.openBrowser ?? openSystemBrowser)(started.authorizeUrl);
    } catch {
      ctx.stderr.write('Could not open a browser: open the address above yourself.\n');
    }
  }
  ctx.stderr.write(
    'Waiting for the browser… (if it cannot reach this machine, paste the address it ended on here and press Enter)\n',
  );
  const lines = createInterface({ input: io.stdin, terminal: false });
  lines.on('line', (line) => {
    if (!line.trim()) return;
    try {
      registry.pasteOAuth2Redirect(started.signInId, line);
    } catch (thrown) {
      if (!isXferFailure(thrown)) throw thrown;
      ctx.stderr.write(`${thrown.error.message}\n`);
    }
  });
  try {
    return await registry.finishOAuth2SignIn(started.signInId);
  } finally {
    io.signal?.removeEventListener('abort', cancel);
    lines.close();
    io.stdin.pause();
  }
}
