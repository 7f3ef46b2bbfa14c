// A new account's public facts, checked before anything is stored: the name, the API, the tier
// and where its requests go. Pure: the id and the clock come from the caller.
import { fail } from '../../common/errors.ts';
import type { Tier } from '../../common/media-types.ts';
import type { AccountSecrets } from './types.ts';
import type { ApiVersion } from '../../common/account.ts';
import { resolveEndpoints } from './endpoints.ts';
import { ACCOUNT_NAME_PATTERN, type Account } from '../../common/account.ts';

export interface AppConnectionInput {
  name: string;
  consumerKey: string;
  consumerSecret: string;
  api?: ApiVersion;
  /** Alone, it sets both bases (a proxy or the sandbox serves both). */
  apiBase?: string;
  uploadBase?: string;
  tier?: Tier;
}

export interface TokenAccountInput extends AppConnectionInput {
  token: string;
  tokenSecret: string;
  /** Skip the check against X: the account is saved unverified and checked on its first send. */
  offline?: boolean;
}

export function accountDraft(
  input: Pick<AppConnectionInput, 'name' | 'api' | 'apiBase' | 'uploadBase' | 'tier'>,
  id: string,
  now: number,
): Account {
  const name = input.name.trim();
  if (!ACCOUNT_NAME_PATTERN.test(name)) {
    fail('bad_request', 'An account name is 1–64 letters, digits, and . _ @ - (e.g. "alice" or "brand.main")');
  }
  const endpoints = resolveEndpoints(input.apiBase, input.uploadBase);
  return {
    id,
    name,
    kind: 'x',
    userId: null,
    screenName: null,
    api: input.api ?? 'v2',
    apiBase: endpoints.apiBase,
    uploadBase: endpoints.uploadBase,
    tier: input.tier ?? 'standard',
    verifiedAt: null,
    createdAt: now,
  };
}

/** Names are unique ignoring case: "Alice" and "alice" in one list would be a trap. */
export function requireFreeName(accounts: readonly Account[], name: string): void {
  const lower = name.toLowerCase();
  if (accounts.some((account) => account.name.toLowerCase() === lower)) {
    fail('validation', `An account named "${name}" already exists: pick another name or remove that one first`);
  }
}

export function required(value: string, label: string): string {
  const trimmed = value.trim();
  if (!trimmed) fail('bad_request', `The ${label} is missing`);
  return trimmed;
}

/** The four OAuth 1.0a secrets of a token account, each required. */
export function tokenSecrets(input: TokenAccountInput): AccountSecrets {
  return {
    consumerKey: required(input.consumerKey, 'consumer key'),
    consumerSecret: required(input.consumerSecret, 'consumer secret'),
    token: required(input.token, 'token'),
    tokenSecret: required(input.tokenSecret, 'token secret'),
  };
}
