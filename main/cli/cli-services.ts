// How a CLI command gets the services: opened for the one command and closed after it, with no
// automatic resume (a command sends only what it was asked to send). The embedded sandbox starts
// only if a command needs the built-in account, and lives as long as the command.
import { SANDBOX_ACCOUNT_NAME } from '../core/accounts/sandbox-account.ts';
import type { Account } from '../common/account.ts';
import { fail, isXferFailure } from '../common/errors.ts';
import type { Session } from '../common/session.ts';
import { openServices, type Services, type ServicesOptions } from '../app/services.ts';
import type { CliContext } from './context.ts';
import { failUnknownAccount } from './suggest.ts';
import type { AccountLabels } from './session-output.ts';

export async function withServices<T>(
  ctx: CliContext,
  work: (services: Services) => Promise<T>,
  options: Partial<Omit<ServicesOptions, 'dataDir'>> = {},
): Promise<T> {
  const services = await openServices({
    dataDir: ctx.dataDir,
    env: ctx.env,
    resume: false,
    ...(ctx.bandwidthLimit !== undefined && { bandwidthLimit: ctx.bandwidthLimit }),
    ...options,
  });
  try {
    return await work(services);
  } finally {
    await services.close();
  }
}

/** An account by name; the built-in sandbox account is created on first use. */
export async function accountByName(services: Services, name: string): Promise<Account> {
  const known = accountNamedIfAny(services, name);
  if (known) return known;
  if (name !== SANDBOX_ACCOUNT_NAME) unknownAccount(services, name);
  await services.sandbox.ensure();
  return services.accounts.getByName(name);
}

/** An account's id by name, for a --account filter: a listing never makes the sandbox account. */
export function accountIdByName(services: Services, name: string): string {
  return (accountNamedIfAny(services, name) ?? unknownAccount(services, name)).id;
}

function accountNamedIfAny(services: Services, name: string): Account | null {
  try {
    return services.accounts.getByName(name);
  } catch (thrown) {
    if (isXferFailure(thrown) && thrown.error.kind === 'not_found') return null;
    throw thrown;
  }
}

function unknownAccount(services: Services, name: string): never {
  failUnknownAccount(
    name,
    services.accounts.list().map((account) => account.name),
    SANDBOX_ACCOUNT_NAME,
  );
}

/** A session by id or by a unique prefix of it (the human output shows the first 8 characters). */
export function findSession(services: Services, idOrPrefix: string): Session {
  const exact = services.ledger.getSession(idOrPrefix);
  if (exact) return exact;
  if (idOrPrefix.length >= 4) {
    const matches = services.ledger.listSessions().filter((session) => session.id.startsWith(idOrPrefix));
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1)
      fail('bad_request', `"${idOrPrefix}" matches ${matches.length} sessions; give more of the id`);
  }
  fail('not_found', `No session with id "${idOrPrefix}" (see xfer sessions)`);
}

/** Each account's name and @handle by id, for the session output. */
export function accountNames(services: Services): AccountLabels {
  return new Map(
    services.ledger
      .listAccounts()
      .map((account) => [account.id, { name: account.name, screenName: account.screenName }] as const),
  );
}
