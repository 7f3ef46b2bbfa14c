// An account's public facts (the ledger stores them, the renderer shows them). Its secrets
// live only in the keychain and have no type here.
import type { Tier } from './media-types.ts';

export const API_VERSIONS = ['v2', 'v1.1'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

export interface Account {
  id: string;
  /** The user's own label, unique, e.g. "alice". */
  name: string;
  /** 'sandbox' is the built-in account that talks to the embedded emulator. */
  kind: 'x' | 'sandbox';
  userId: string | null;
  screenName: string | null;
  api: ApiVersion;
  apiBase: string;
  uploadBase: string;
  tier: Tier;
  /** ms since epoch; null = added offline, verified on the next send. */
  verifiedAt: number | null;
  createdAt: number;
  /** Present for OAuth 2.0 accounts (absent: OAuth 1.0a, or the sandbox account). Public facts only. */
  oauth2?: OAuth2AccountState;
}

export interface OAuth2AccountState {
  /** The app's client id: public for a "Native App" (public client); the tokens live in the keychain. */
  clientId: string;
  /** ms since epoch: when the current access token expires; it is refreshed shortly before. */
  accessExpiresAt: number | null;
  /** A refresh failed for good: the user must sign in again. Sessions and posts are kept. */
  signInAgain: boolean;
}

/** An account's name: the user's own label (the IPC schema, the CLI and the registry use this one rule). */
export const ACCOUNT_NAME_MAX = 64;
export const ACCOUNT_NAME_PATTERN = /^[\w.@-]{1,64}$/;
export const ACCOUNT_NAME_RULE = 'letters, digits, and . _ @ - only';

/**
 * An account's public facts in snake_case, the one spelling its ledger row and `xfer --json` share
 * (each adds its own times and OAuth 2.0 fields).
 */
export function accountFacts(account: Account) {
  return {
    id: account.id,
    name: account.name,
    kind: account.kind,
    user_id: account.userId,
    screen_name: account.screenName,
    api: account.api,
    api_base: account.apiBase,
    upload_base: account.uploadBase,
    tier: account.tier,
  };
}
