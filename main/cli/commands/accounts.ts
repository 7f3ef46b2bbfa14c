// `xfer accounts [list | add | signin | edit | verify | remove]`: the account registry from the command
// line. Each subcommand lives in its own file (accounts-add, accounts-edit, accounts-oauth2); this one
// dispatches, lists, verifies and removes. Output never carries more than the registry's public facts.
import { fail, isXferFailure } from '../../common/errors.ts';
import { EXIT, type ExitCode } from '../../common/exit-codes.ts';
import { type CliContext, type CommandRunner } from '../context.ts';
import { PLAIN } from '../color.ts';
import { didYouMean } from '../suggest.ts';
import { renderTable } from '../table.ts';
import { add, signin } from './accounts-add.ts';
import { edit } from './accounts-edit.ts';
import { accountJson, accountRow, ACCOUNT_TABLE_HEADER, done, report } from './accounts-output.ts';
import {
  accountNamed,
  openDefaultAccountsServices,
  singleName,
  type AccountsCommandIo,
  type AccountsCommandServices,
  type OpenAccountsServices,
} from './accounts-services.ts';

export {
  openDefaultAccountsServices,
  type AccountsCommandIo,
  type AccountsCommandServices,
  type OpenAccountsServices,
} from './accounts-services.ts';
export { accountJson } from './accounts-output.ts';

export const ACCOUNTS_USAGE = `Usage: xfer accounts [list]
       xfer accounts add NAME --consumer-key K [--consumer-secret S] [--token T --token-secret S | --pin]
                             [--api v2|v1.1] [--api-base URL] [--upload-base URL] [--tier standard|premium] [--offline]
       xfer accounts add NAME --oauth2 --client-id ID [--redirect-uri URI] [--no-browser] [--api-base URL]
       xfer accounts signin NAME [--redirect-uri URI] [--no-browser]   (an OAuth 2.0 account: sign in again)
       xfer accounts edit NAME [--name NEW] [--tier standard|premium]   (rename it, or change its tier)
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
  --tier         the posting user's X plan: premium allows longer posts and 1080p video
Exit 2 for an unknown account, a name that breaks the rule or a bad --tier; 1 for a name already taken;
3 when the OS keychain cannot keep secrets (the message says how to fix it).`;

export const ACCOUNTS_SUBCOMMANDS = ['list', 'add', 'signin', 'edit', 'verify', 'remove'];

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
        fail('bad_request', `Unknown accounts command "${subcommand}".${hint} (${ACCOUNTS_SUBCOMMANDS.join(', ')})`);
      }
      const services = await open(ctx);
      try {
        if (subcommand === 'list') return list(rest, ctx, services);
        if (subcommand === 'add') return await add(rest, ctx, services, io);
        if (subcommand === 'signin') return await signin(rest, ctx, services, io);
        if (subcommand === 'edit') return await edit(rest, ctx, services);
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
  ctx.stdout.write(renderTable(ACCOUNT_TABLE_HEADER, accounts.map(accountRow), { palette: ctx.palette ?? PLAIN }));
  return EXIT.ok;
}
