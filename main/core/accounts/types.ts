// Accounts: public facts in the ledger, secrets only in the OS keychain.
import type { ApiVersion } from '../x-api/types.ts';
import type { Tier } from '../media/types.ts';

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

/** What lives in the keychain for one account. Never logged, never stored elsewhere, never sent to the renderer. */
export interface AccountSecrets {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

/** The OS keychain, or a fake. Keys are opaque strings chosen by the registry. */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Whether any account's secrets are kept here (a store that cannot list them leaves it out). */
  hasAccountSecrets?(): Promise<boolean>;
}

/** Where account rows live (the ledger implements it; tests may use a fake). */
export interface AccountRepository {
  listAccounts(): Account[];
  getAccount(id: string): Account | null;
  getAccountByName(name: string): Account | null;
  insertAccount(account: Account): void;
  updateAccount(account: Account): void;
  deleteAccount(id: string): void;
  /** Writes only the OAuth 2.0 columns, so a refresh in one process never undoes another's edit. */
  setOAuth2State(id: string, state: OAuth2AccountState): void;
}

/**
 * One OAuth 2.0 refresh at a time per account, across processes (the app and the CLI share the ledger):
 * a lease with an expiry, so a holder that died does not block the account for ever.
 */
export interface RefreshLease {
  /** True when `holder` now holds the account's lease until `now + ttlMs`. */
  tryAcquire(accountId: string, holder: string, ttlMs: number): boolean;
  release(accountId: string, holder: string): void;
}
