// Additional owners (reference §1 "Sharing"): X takes numeric user ids, at most 100. People name
// their own accounts instead ("alice", or the account id the app shows), so those become user ids here.
import type { Account } from '../../common/account.ts';
import { fail } from '../../common/errors.ts';
import { OWNERS_MAX, X_ID_PATTERN } from '../../common/limits.ts';

/** Each owner is an X user id (digits), or one of `accounts` by id or name. Duplicates collapse. */
export function resolveOwners(owners: readonly string[], accounts: readonly Account[]): string[] {
  const ids: string[] = [];
  for (const raw of owners) {
    const owner = raw.trim();
    if (owner === '') continue;
    let userId: string;
    if (X_ID_PATTERN.test(owner)) userId = owner;
    else {
      const account = accounts.find((candidate) => candidate.id === owner || candidate.name === owner);
      if (!account) fail('bad_request', `Owner "${owner}" is neither an X user id (digits) nor one of your accounts`);
      if (account.userId === null || !X_ID_PATTERN.test(account.userId)) {
        fail(
          'validation',
          `Owner "${account.name}" has no known X user id yet: verify that account first (xfer accounts verify ${account.name})`,
        );
      }
      userId = account.userId;
    }
    if (!ids.includes(userId)) ids.push(userId);
  }
  if (ids.length > OWNERS_MAX)
    fail('validation', `At most ${OWNERS_MAX} additional owners are allowed; got ${ids.length}`);
  return ids;
}
