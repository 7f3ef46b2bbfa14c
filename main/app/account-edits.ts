// Renaming an account or changing its tier, for the window (accounts:edit, accounts:setTier) and for
// `xfer accounts edit`: one path, so both follow the same rules (core/accounts/account-edit.ts) and both
// re-check what a new tier changes.
import type { Account } from '../common/account.ts';
import type { AccountEdit } from '../core/accounts/account-edit.ts';
import type { Services } from './services.ts';

export type AccountEditServices = Pick<Services, 'accounts' | 'ledger' | 'fitting'>;

/** The edited account; under a new tier its drafts and ready sessions are checked again against its limits. */
export async function editAccount(
  services: AccountEditServices,
  accountId: string,
  edit: AccountEdit,
): Promise<Account> {
  const before = services.accounts.get(accountId);
  const updated = services.accounts.edit(accountId, edit);
  if (updated.tier !== before.tier) {
    for (const session of services.ledger.listSessions({ state: ['draft', 'ready'], accountId })) {
      if (session.mediaId === null) await services.fitting.recheck(session.id, {});
    }
  }
  return updated;
}
