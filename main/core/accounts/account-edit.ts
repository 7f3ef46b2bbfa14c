// Renaming an account or changing its tier after it was added. Pure: the caller stores the result.
// Only the user's own label and the tier change; who the account is (user id, server, secrets) never does.
import { fail } from '../../common/errors.ts';
import { ACCOUNT_NAME_PATTERN, type Account } from '../../common/account.ts';
import type { Tier } from '../../common/media-types.ts';
import { requireFreeName } from './account-draft.ts';

export interface AccountEdit {
  name?: string | undefined;
  tier?: Tier | undefined;
}

/** The account with the edit applied; a name must follow the rule and be free (its own name, any case, is). */
export function editedAccount(account: Account, edit: AccountEdit, all: readonly Account[]): Account {
  const name = edit.name?.trim() ?? account.name;
  if (!ACCOUNT_NAME_PATTERN.test(name)) {
    fail('bad_request', 'An account name is 1–64 letters, digits, and . _ @ - (e.g. "alice" or "brand.main")');
  }
  if (name !== account.name)
    requireFreeName(
      all.filter((other) => other.id !== account.id),
      name,
    );
  return { ...account, name, tier: edit.tier ?? account.tier };
}
