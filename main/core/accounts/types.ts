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
}

/** Where account rows live (the ledger implements it; tests may use a fake). */
export interface AccountRepository {
  listAccounts(): Account[];
  getAccount(id: string): Account | null;
  getAccountByName(name: string): Account | null;
  insertAccount(account: Account): void;
  updateAccount(account: Account): void;
  deleteAccount(id: string): void;
}
