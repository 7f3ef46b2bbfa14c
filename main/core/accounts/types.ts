// Accounts: public facts in the ledger, secrets only in the OS keychain.
import type { Account, OAuth2AccountState } from '../../common/account.ts';

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
