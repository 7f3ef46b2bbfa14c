// What `xfer accounts` prints: an account's public facts as JSON or a table row, a one-line result, and
// failures in the same shape as main.ts's top-level report. Never more than the registry's public facts.
import { accountFacts, type Account } from '../../common/account.ts';
import { serverLabel } from '../../common/account-label.ts';
import type { XferError } from '../../common/errors.ts';
import { EXIT, exitCodeFor, type ExitCode } from '../../common/exit-codes.ts';
import { printable } from '../../common/printable.ts';
import type { CliContext } from '../context.ts';
import type { Cell } from '../table.ts';

/** What `--json` prints for an account: snake_case like the session output, times as ISO 8601. */
export function accountJson(account: Account) {
  return {
    ...accountFacts(account),
    verified_at: account.verifiedAt === null ? null : new Date(account.verifiedAt).toISOString(),
    created_at: new Date(account.createdAt).toISOString(),
    auth: account.kind === 'sandbox' ? 'sandbox' : account.oauth2 ? 'oauth2' : 'oauth1',
    sign_in_again: account.oauth2?.signInAgain ?? false,
    access_expires_at:
      account.oauth2?.accessExpiresAt == null ? null : new Date(account.oauth2.accessExpiresAt).toISOString(),
  };
}

export const ACCOUNT_TABLE_HEADER = ['name', 'handle', 'server', 'api', 'auth', 'tier', 'verified'];

export function accountRow(account: Account): Cell[] {
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

export function done(ctx: CliContext, value: Account | { removed: string }, text: string): ExitCode {
  if (ctx.json) ctx.stdout.write(`${JSON.stringify('id' in value ? accountJson(value) : value)}\n`);
  else ctx.stdout.write(`${text}\n`);
  return EXIT.ok;
}

/** Same shape as main.ts's top-level report, so callers see one format whoever catches. */
export function report(ctx: CliContext, error: XferError): ExitCode {
  if (ctx.json) ctx.stdout.write(`${JSON.stringify({ error: { kind: error.kind, message: error.message } })}\n`);
  ctx.stderr.write(`xfer: ${printable(error.message)}\n`);
  return exitCodeFor(error.kind);
}
