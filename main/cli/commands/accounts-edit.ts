// `xfer accounts edit NAME [--name NEW] [--tier T]`: the Accounts screen's edit from the command line,
// through the same path (main/app/account-edits.ts), so the name rule, the taken-name check and the
// re-check of drafts under a new tier are the window's.
import { fail } from '../../common/errors.ts';
import type { ExitCode } from '../../common/exit-codes.ts';
import type { CliContext } from '../context.ts';
import { parseCommand } from '../parse.ts';
import { done } from './accounts-output.ts';
import { accountNamed, singleName, tierOf, type AccountsCommandServices } from './accounts-services.ts';

export const ACCOUNTS_EDIT_OPTIONS = { name: { type: 'string' }, tier: { type: 'string' } } as const;

export async function edit(rest: string[], ctx: CliContext, services: AccountsCommandServices): Promise<ExitCode> {
  const { values, positionals } = parseCommand('accounts edit', rest, ACCOUNTS_EDIT_OPTIONS);
  const name = singleName(positionals, 'edit');
  if (values.name === undefined && values.tier === undefined)
    fail('bad_request', 'accounts edit changes --name NEW and/or --tier (see xfer accounts --help)');
  // Checked before the lookup, as the window checks its form before saving.
  const tier = values.tier === undefined ? undefined : tierOf(values.tier);
  const account = await accountNamed(services, name, false);
  const edited = await services.edit(account.id, { name: values.name, tier });
  const changes = [
    ...(edited.name === account.name ? [] : [`renamed to "${edited.name}"`]),
    ...(edited.tier === account.tier ? [] : [`tier ${account.tier} → ${edited.tier}`]),
  ];
  const text = changes.length === 0 ? `"${account.name}" is unchanged` : `"${account.name}": ${changes.join(', ')}`;
  return done(ctx, edited, text);
}
