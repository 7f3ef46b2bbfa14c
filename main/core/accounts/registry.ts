// The account registry: public facts in the AccountRepository (the ledger), secrets only in the
// SecretStore (the OS keychain), identities checked against X. Main-process only: `secretsFor`
// and `connectionFor` hand out secrets and must never be reachable from IPC.
import { randomUUID } from 'node:crypto';
import { fail } from '../errors.ts';
import type { ApiVersion, Endpoints, Identity, UserCredentials } from '../x-api/types.ts';
import {
  accountDraft,
  required,
  requireFreeName,
  type AppConnectionInput,
  type TokenAccountInput,
} from './account-draft.ts';
import { PendingLogins } from './pin-logins.ts';
import {
  inMemoryRemovalMarker,
  SANDBOX_ACCOUNT_NAME,
  SANDBOX_ORIGIN_MARKER,
  sandboxSecrets,
  type SandboxConnection,
  type SandboxRemovalMarker,
} from './sandbox-account.ts';
import { decodeSecrets, encodeSecrets, secretsKey } from './secrets-codec.ts';
import type { Account, AccountRepository, AccountSecrets, SecretStore } from './types.ts';
import { defaultXApi, type XApi } from './x-api-port.ts';

export type { AppConnectionInput, TokenAccountInput };

export interface PinLoginStart {
  loginId: string;
  authorizeUrl: string;
}

/** Everything an UploadClient needs for one account (createUploadClient's options). */
export interface AccountConnection {
  api: ApiVersion;
  endpoints: Endpoints;
  credentials: UserCredentials;
}

export interface AccountRegistryOptions {
  repository: AccountRepository;
  /** `ensureAvailable`, when present, lets a PIN login fail before the user goes to the browser. */
  secrets: SecretStore & { ensureAvailable?(): Promise<void> };
  /** The X calls; defaults to main/core/x-api. Tests pass fakes or point the real ones at a sandbox. */
  xApi?: Partial<XApi>;
  /** Defaults to memory: the composition root passes one backed by preferences. */
  sandboxRemoval?: SandboxRemovalMarker;
  now?: () => number;
  newId?: () => string;
}

export class AccountRegistry {
  readonly #repository: AccountRepository;
  readonly #secrets: AccountRegistryOptions['secrets'];
  readonly #xApi: XApi;
  readonly #sandboxRemoval: SandboxRemovalMarker;
  readonly #now: () => number;
  readonly #newId: () => string;
  readonly #logins: PendingLogins;
  readonly #listeners = new Set<(accounts: Account[]) => void>();
  #sandbox: SandboxConnection | null = null;

  constructor(options: AccountRegistryOptions) {
    this.#repository = options.repository;
    this.#secrets = options.secrets;
    this.#xApi = { ...defaultXApi, ...options.xApi };
    this.#sandboxRemoval = options.sandboxRemoval ?? inMemoryRemovalMarker();
    this.#now = options.now ?? Date.now;
    this.#newId = options.newId ?? (() => `acc_${randomUUID()}`);
    this.#logins = new PendingLogins(this.#now);
  }

  /** Public facts only (safe for IPC and the CLI); the sandbox's origin is the running one. */
  list(): Account[] {
    return this.#repository.listAccounts().map((account) => this.#view(account));
  }

  get(accountId: string): Account {
    const account = this.#repository.getAccount(accountId);
    if (!account) fail('not_found', 'That account does not exist (it may have been removed)');
    return this.#view(account);
  }

  getByName(name: string): Account {
    const account = this.#repository.getAccountByName(name);
    if (!account) fail('not_found', `No account is named "${name}" (see: xfer accounts list)`);
    return this.#view(account);
  }

  /** Called with the accounts after every change (for the app's accountsChanged event). */
  onChanged(listener: (accounts: Account[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async addWithTokens(input: TokenAccountInput): Promise<Account> {
    const draft = this.#draft(input);
    const secrets: AccountSecrets = {
      consumerKey: required(input.consumerKey, 'consumer key'),
      consumerSecret: required(input.consumerSecret, 'consumer secret'),
      token: required(input.token, 'token'),
      tokenSecret: required(input.tokenSecret, 'token secret'),
    };
    const identity = input.offline ? null : await this.#xApi.verifyCredentials(connectionOf(draft, secrets));
    return this.#save(draft, secrets, identity);
  }

  async startPinLogin(input: AppConnectionInput): Promise<PinLoginStart> {
    const draft = this.#draft(input);
    // Fail before the user approves in the browser, not after they typed the PIN.
    await this.#secrets.ensureAvailable?.();
    const consumer = {
      consumerKey: required(input.consumerKey, 'consumer key'),
      consumerSecret: required(input.consumerSecret, 'consumer secret'),
    };
    const started = await this.#xApi.requestToken(consumer, draft.apiBase);
    const loginId = `login_${randomUUID()}`;
    this.#logins.add(loginId, {
      name: draft.name,
      consumer,
      requestToken: { token: started.token, tokenSecret: started.tokenSecret },
      api: draft.api,
      endpoints: { apiBase: draft.apiBase, uploadBase: draft.uploadBase },
      tier: draft.tier,
      startedAt: this.#now(),
    });
    return { loginId, authorizeUrl: started.authorizeUrl };
  }

  /** A wrong PIN leaves the login open so the user can type it again. */
  async finishPinLogin(loginId: string, pin: string): Promise<Account> {
    const login = this.#logins.get(loginId);
    if (!login) fail('not_found', 'This login has expired or was already used: start the login again');
    const granted = await this.#xApi.accessToken(login.consumer, login.requestToken, pin, login.endpoints.apiBase);
    const draft = this.#draft({
      ...login.consumer,
      ...login.endpoints,
      name: login.name,
      api: login.api,
      tier: login.tier,
    });
    const secrets: AccountSecrets = { ...login.consumer, token: granted.token, tokenSecret: granted.tokenSecret };
    // The access token answer names the user; verifying also proves the token works for uploads' API.
    const identity = await this.#xApi.verifyCredentials(connectionOf(draft, secrets));
    const account = await this.#save(draft, secrets, identity);
    this.#logins.delete(loginId);
    return account;
  }

  /** The posting user's tier (standard or X Premium): it sets the limits the checks use. */
  setTier(accountId: string, tier: Account['tier']): Account {
    const account = this.#requireStored(accountId);
    const updated: Account = { ...account, tier };
    this.#repository.updateAccount(updated);
    this.#changed();
    return this.#view(updated);
  }

  /** Checks the credentials against X and records who they belong to. */
  async verify(accountId: string): Promise<Account> {
    const account = this.#requireStored(accountId);
    const identity = await this.#xApi.verifyCredentials(await this.connectionFor(accountId));
    if (account.kind === 'x' && account.userId !== null && account.userId !== identity.userId) {
      fail(
        'auth',
        `The saved tokens for "${account.name}" now belong to @${identity.screenName}, not @${account.screenName ?? account.userId}: remove the account and add it again`,
      );
    }
    const verified: Account = {
      ...account,
      userId: identity.userId,
      screenName: identity.screenName,
      verifiedAt: this.#now(),
    };
    this.#repository.updateAccount(verified);
    this.#changed();
    return this.#view(verified);
  }

  /** Deletes the keychain entry, then the row (the ledger detaches the account's sessions). */
  async remove(accountId: string): Promise<void> {
    const account = this.#requireStored(accountId);
    if (account.kind === 'sandbox') this.#sandboxRemoval.setRemoved(true);
    else await this.#secrets.delete(secretsKey(account.id));
    this.#repository.deleteAccount(account.id);
    this.#changed();
  }

  /** Main-only: never expose through IPC. */
  async secretsFor(accountId: string): Promise<AccountSecrets> {
    const account = this.#requireStored(accountId);
    if (account.kind === 'sandbox') {
      const secrets = this.#sandbox ? sandboxSecrets(this.#sandbox, account.userId) : null;
      if (!secrets) fail('environment', 'The sandbox is not running in this process, so its account cannot send now');
      return secrets;
    }
    const stored = await this.#secrets.get(secretsKey(account.id));
    if (stored === null) {
      fail('auth', `The keychain has no credentials for "${account.name}": remove the account and add it again`);
    }
    return decodeSecrets(stored, account.name);
  }

  /** Main-only: what createUploadClient needs to act as this account. */
  async connectionFor(accountId: string): Promise<AccountConnection> {
    const account = this.#view(this.#requireStored(accountId));
    if (account.apiBase === SANDBOX_ORIGIN_MARKER) fail('environment', 'The sandbox is not running in this process');
    return connectionOf(account, await this.secretsFor(accountId));
  }

  /**
   * Records this run's sandbox and, on a fresh install, creates the built-in account for it.
   * Returns null when the user removed it earlier (unless `restore`) or the name is taken.
   * `verified`: the connection comes from a sandbox this process started, whose demo users are
   * valid by construction, so the account counts as verified (else it would read "not verified"
   * forever: nothing else ever verifies it).
   */
  ensureSandboxAccount(
    connection: SandboxConnection,
    options: { restore?: boolean; verified?: boolean } = {},
  ): Account | null {
    this.#sandbox = { ...connection, url: connection.url.replace(/\/+$/, '') };
    const existing = this.#repository.listAccounts().find((account) => account.kind === 'sandbox');
    if (existing)
      return this.#view(options.verified && existing.verifiedAt === null ? this.#markVerified(existing) : existing);
    if (options.restore) this.#sandboxRemoval.setRemoved(false);
    if (this.#sandboxRemoval.isRemoved() || this.#repository.getAccountByName(SANDBOX_ACCOUNT_NAME)) return null;
    const user = connection.users[0];
    const account: Account = {
      id: this.#newId(),
      name: SANDBOX_ACCOUNT_NAME,
      kind: 'sandbox',
      userId: user?.userId ?? null,
      screenName: user?.screenName ?? null,
      api: 'v2',
      apiBase: SANDBOX_ORIGIN_MARKER,
      uploadBase: SANDBOX_ORIGIN_MARKER,
      tier: 'standard',
      verifiedAt: options.verified && user ? this.#now() : null,
      createdAt: this.#now(),
    };
    this.#repository.insertAccount(account);
    this.#changed();
    return this.#view(account);
  }

  /** The sandbox's first demo user, as a verify against the running sandbox would find. */
  #markVerified(account: Account): Account {
    const user =
      this.#sandbox?.users.find((candidate) => candidate.userId === account.userId) ?? this.#sandbox?.users[0];
    if (!user) return account;
    const verified: Account = { ...account, userId: user.userId, screenName: user.screenName, verifiedAt: this.#now() };
    this.#repository.updateAccount(verified);
    this.#changed();
    return verified;
  }

  /** Checks the name and endpoints; the row is written only once secrets and identity are in hand. */
  #draft(input: AppConnectionInput): Account {
    const draft = accountDraft(input, this.#newId(), this.#now());
    this.#requireFreeName(draft.name);
    return draft;
  }

  #requireFreeName(name: string): void {
    requireFreeName(this.#repository.listAccounts(), name);
  }

  /** Secrets first, then the row; a row is never left without its secrets. */
  async #save(draft: Account, secrets: AccountSecrets, identity: Identity | null): Promise<Account> {
    const account: Account = identity
      ? { ...draft, userId: identity.userId, screenName: identity.screenName, verifiedAt: this.#now() }
      : draft;
    this.#requireFreeName(account.name); // again: another add may have finished while we waited on X
    await this.#secrets.set(secretsKey(account.id), encodeSecrets(secrets));
    try {
      this.#repository.insertAccount(account);
    } catch (thrown) {
      await this.#secrets.delete(secretsKey(account.id));
      throw thrown;
    }
    this.#changed();
    return this.#view(account);
  }

  #requireStored(accountId: string): Account {
    const account = this.#repository.getAccount(accountId);
    if (!account) fail('not_found', 'That account does not exist (it may have been removed)');
    return account;
  }

  /** The sandbox's marker becomes the running sandbox's origin; stored rows keep the marker. */
  #view(account: Account): Account {
    if (account.kind !== 'sandbox' || !this.#sandbox) return { ...account };
    return { ...account, apiBase: this.#sandbox.url, uploadBase: this.#sandbox.url };
  }

  #changed(): void {
    if (this.#listeners.size === 0) return;
    const accounts = this.list();
    for (const listener of this.#listeners) listener(accounts);
  }
}

function connectionOf(account: Account, secrets: AccountSecrets): AccountConnection {
  return {
    api: account.api,
    endpoints: { apiBase: account.apiBase, uploadBase: account.uploadBase },
    credentials: { ...secrets },
  };
}
