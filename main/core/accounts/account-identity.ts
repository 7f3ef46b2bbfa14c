// Who an account's credentials belong to, as X answered. Pure: the caller asks X and stores the result.
import { fail } from '../../common/errors.ts';
import type { Account } from '../../common/account.ts';
import type { Identity } from '../x-api/types.ts';

/** The account with X's answer recorded; identity null (added offline) leaves it unverified. */
export function withIdentity(account: Account, identity: Identity | null, now: number): Account {
  return identity ? { ...account, userId: identity.userId, screenName: identity.screenName, verifiedAt: now } : account;
}

/**
 * A re-check of a known account: the tokens must still belong to the user it was added for, because
 * its sessions and posts were made as that user (a different one is refused, not silently adopted).
 */
export function reverifiedAccount(account: Account, identity: Identity, now: number): Account {
  if (account.kind === 'x' && account.userId !== null && account.userId !== identity.userId) {
    fail(
      'auth',
      `The saved tokens for "${account.name}" now belong to @${identity.screenName}, not @${account.screenName ?? account.userId}: remove the account and add it again`,
    );
  }
  return withIdentity(account, identity, now);
}
