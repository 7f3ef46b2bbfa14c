// What every `xfer accounts` subcommand is given: the app's services (or a test's), the terminal's input,
// and the small argument rules they share (one NAME, a tier, an account looked up by name).
import type { Readable } from 'node:stream';
import { openServices } from '../../app/services.ts';
import { editAccount } from '../../app/account-edits.ts';
import type { AccountEdit } from '../../core/accounts/account-edit.ts';
import type { AccountRegistry } from '../../core/accounts/registry.ts';
import { SANDBOX_ACCOUNT_NAME } from '../../core/accounts/sandbox-account.ts';
import { keychainBackend, type KeychainStatus } from '../../core/accounts/keychain.ts';
import type { Account } from '../../common/account.ts';
import { fail } from '../../common/errors.ts';
import { TIERS, type Tier } from '../../common/media-types.ts';
import type { CliContext } from '../context.ts';
import { didYouMean, failUnknownAccount } from '../suggest.ts';
import type { OpenBrowser } from './accounts-oauth2.ts';

export interface AccountsCommandServices {
  registry: AccountRegistry;
  keychainStatus(): Promise<KeychainStatus>;
  /** Starts this run's sandbox so the built-in account can be verified; absent when there is none. */
  ensureSandbox?(): Promise<unknown>;
  /** The window's edit (main/app/account-edits.ts): a new name and/or tier, its sessions re-checked. */
  edit(accountId: string, edit: AccountEdit): Promise<Account>;
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
    edit: (accountId, edit) => editAccount(services, accountId, edit),
    close: () => services.close(),
  };
};

export function singleName(rest: string[], subcommand: string): string {
  const [name] = rest;
  if (name === undefined || rest.length > 1 || name.startsWith('-'))
    fail('bad_request', `accounts ${subcommand} takes one NAME`);
  return name;
}

export function tierOf(value: string | undefined): Tier {
  if (value === undefined) return 'standard';
  if ((TIERS as readonly string[]).includes(value)) return value as Tier;
  fail('bad_request', `--tier is ${TIERS.join(' or ')}, got "${value}".${didYouMean(value, TIERS)}`);
}

/**
 * An account by its name, with a "did you mean" among the names there are. The built-in sandbox account
 * exists once this run's sandbox is up: it is started when that account is asked for.
 */
export async function accountNamed(
  services: AccountsCommandServices,
  name: string,
  needsSandbox: boolean,
): Promise<Account> {
  const accounts = services.registry.list();
  const known = accounts.find((account) => account.name === name);
  if (known?.kind === 'x' || (known && !needsSandbox)) return known;
  if (known || name === SANDBOX_ACCOUNT_NAME) {
    await services.ensureSandbox?.();
    return services.registry.getByName(name);
  }
  failUnknownAccount(
    name,
    accounts.map((account) => account.name),
    SANDBOX_ACCOUNT_NAME,
  );
}
