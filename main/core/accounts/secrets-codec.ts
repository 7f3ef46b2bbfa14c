// One keychain value per account: its four secrets as JSON. One entry keeps an account's
// secrets atomic (no half-written set) and one keychain round trip per send.
// zod/mini, not zod: every command that sends reads an account's secrets, and zod's full API (its every
// schema type and method, loaded as one namespace) took ~8 ms more to load and build than these few need.
import { minLength, strictObject, string, type ZodMiniType } from 'zod/mini';
import { fail } from '../../common/errors.ts';
import type { AccountSecrets } from './types.ts';

const secretsShape = strictObject({
  consumerKey: string().check(minLength(1)),
  consumerSecret: string().check(minLength(1)),
  token: string().check(minLength(1)),
  tokenSecret: string().check(minLength(1)),
});

/** The keychain key for an account's secrets; ids are opaque, never a name the user can rename. */
export const ACCOUNT_KEY_PREFIX = 'account:';

export function secretsKey(accountId: string): string {
  return `${ACCOUNT_KEY_PREFIX}${accountId}`;
}

export function encodeSecrets(secrets: AccountSecrets): string {
  const { consumerKey, consumerSecret, token, tokenSecret } = secrets;
  return JSON.stringify({ consumerKey, consumerSecret, token, tokenSecret });
}

/**
 * A stored keychain value of the given shape, or `damaged()` (which throws) when it is not JSON of that
 * shape; the value is never quoted in the failure (it is a secret).
 */
export function decodeStored<T>(stored: string, shape: ZodMiniType<T>, damaged: () => never): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    parsed = null;
  }
  const result = shape.safeParse(parsed);
  return result.success ? result.data : damaged();
}

/** Parses a stored value; the message never quotes the value (it is a secret). */
export function decodeSecrets(stored: string, accountName: string): AccountSecrets {
  return decodeStored(stored, secretsShape, () =>
    fail('auth', `The keychain entry for "${accountName}" is damaged: remove the account and add it again`),
  );
}
