// The account registry: public facts in the AccountRepository (the ledger), secrets only in the
// SecretStore (the OS keychain), identities checked against X. Main-process only: `secretsFor`
// and `connectionFor` hand out secrets and must never be reachable from IPC.
import { randomUUID } from 'node:crypto';
import { fail, isXferFailure } from '../../common/errors.ts';
import type { ClientCredentials, Endpoints, Identity } from '../x-api/types.ts';
import type { ApiVersion } from '../../common/account.ts';
import {
  accountDraft,
  required,
  requireFreeName,
  type AppConnectionInput,
  type TokenAccountInput,
} from './account-draft.ts';
import { refreshTokens, revokeToken, type OAuth2Tokens } from '../oauth2/protocol.ts';
import { decodeOAuth2Secrets } from './oauth2-secrets.ts';
import {
  OAuth2SignIns,
  type OAuth2AccountInput,
  type OAuth2ReauthInput,
  type OAuth2SignInStart,
} from './oauth2-sign-ins.ts';
import { AccountTokens, signInAgainMessage } from './oauth2-tokens.ts';
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
import type { AccountRepository, AccountSecrets, RefreshLease, SecretStore } from './types.ts';
import type { Account } from '../../common/account.ts';
import { defaultXApi, type XApi } from './x-api-port.ts';

export type { AppConnectionInput, OAuth2AccountInput, OAuth2SignInStart, TokenAccountInput };

export interface PinLoginStart {
  loginId: string;
  authorizeUrl: string;
}

/** Everything an UploadClient needs for one account (createUploadClient's options). */
export interface AccountConnection {
  api: ApiVersion;
  endpoints: Endpoints;
  credentials: ClientCredentials;
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
  /** One OAuth 2.0 refresh at a time per account across processes: the ledger; in memory by default. */
  refreshLease?: RefreshLease;
  /** The refresh grant (tests may wrap it); main/core/oauth2 by default. */
  refreshOAuth2?: (account: Account, refreshToken: string) => Promise<OAuth2Tokens>;
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
  readonly #signIns: OAuth2SignIns;
  readonly #refreshLease: RefreshLease;
  readonly #refreshOAuth2: (account: Account, refreshToken: string) => Promise<OAuth2Tokens>;
  /** One token source per OAuth 2.0 account, so every client in this process shares its refreshes. */
  readonly #tokens = new Map<string, AccountTokens>();
  #sandbox: SandboxConnection | null = null;

  constructor(options: AccountRegistryOptions) {
    this.#repository = options.repository;
    this.#secrets = options.secrets;
    this.#xApi = { ...defaultXApi, ...options.xApi };
    this.#sandboxRemoval = options.sandboxRemoval ?? inMemoryRemovalMarker();
    this.#now = options.now ?? Date.now;
    this.#newId = options.newId ?? (() => `acc_${randomUUID()}`);
    this.#logins = new PendingLogins(this.#now);
    this.#refreshLease = options.refreshLease ?? inMemoryLease();
    this.#refreshOAuth2 =
      options.refreshOAuth2 ??
      ((account, refreshToken) =>
        refreshTokens({ clientId: account.oauth2?.clientId ?? '', apiBase: account.apiBase }, refreshToken, this.#now));
    this.#signIns = new OAuth2SignIns({
      repository: this.#repository,
      secrets: this.#secrets,
      verifyBearer: (account, accessToken) =>
        this.#xApi.verifyCredentials({
          api: 'v2',
          endpoints: { apiBase: account.apiBase, uploadBase: account.uploadBase },
          credentials: { bearer: { accessToken: async () => accessToken, refreshAfterRejection: async () => null } },
        }),
      now: this.#now,
      newId: this.#newId,
      onAdded: (account) => {
        this.#tokens.delete(account.id); // a sign-in again replaced the tokens: no stale cache
        this.#changed();
      },
    });
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

  /** OAuth 2.0: listens on the loopback redirect; the caller opens (or prints) the authorize URL. */
  startOAuth2SignIn(input: OAuth2AccountInput): Promise<OAuth2SignInStart> {
    return this.#signIns.start(input);
  }

  /** OAuth 2.0 "sign in again" for an existing account: same app and server; its sessions stay with it. */
  startOAuth2SignInAgain(input: OAuth2ReauthInput): Promise<OAuth2SignInStart> {
    return this.#signIns.startAgain(input);
  }

  /** Resolves once the browser came back approved and /2/users/me named the user; nothing is stored before. */
  finishOAuth2SignIn(signInId: string): Promise<Account> {
    return this.#signIns.finish(signInId).then((account) => this.#view(account));
  }

  pasteOAuth2Redirect(signInId: string, url: string): void {
    this.#signIns.paste(signInId, url);
  }

  cancelOAuth2SignIn(signInId: string): void {
    this.#signIns.cancel(signInId);
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
  async remove(accountId: string): Promise<{ notice: string | null }> {
    const account = this.#requireStored(accountId);
    const notice = account.oauth2 ? await this.#revokeOAuth2(account) : null;
    if (account.kind === 'sandbox') this.#sandboxRemoval.setRemoved(true);
    else await this.#secrets.delete(secretsKey(account.id));
    this.#tokens.delete(account.id);
    this.#repository.deleteAccount(account.id);
    this.#changed();
    return { notice };
  }

  /** Revokes the grant at X (`/2/oauth2/revoke`); when X cannot be reached the account is removed anyway, and says so. */
  async #revokeOAuth2(account: Account): Promise<string | null> {
    const stored = await this.#secrets.get(secretsKey(account.id));
    if (stored === null) return null;
    const secrets = decodeOAuth2Secrets(stored, account.name);
    const client = { clientId: account.oauth2?.clientId ?? '', apiBase: account.apiBase };
    try {
      await revokeToken(client, secrets.refreshToken);
      await revokeToken(client, secrets.accessToken);
      return null;
    } catch (thrown) {
      if (!isXferFailure(thrown)) throw thrown;
      return `Removed; X could not be told to revoke the sign-in (${thrown.error.message}): revoke Xfer in X's settings (Security → Connected apps)`;
    }
  }

  /** Main-only: never expose through IPC. */
  async secretsFor(accountId: string): Promise<AccountSecrets> {
    const account = this.#requireStored(accountId);
    if (account.oauth2) fail('validation', `"${account.name}" signs in with OAuth 2.0: it has no OAuth 1.0a secrets`);
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
    if (account.oauth2) {
      if (account.oauth2.signInAgain) fail('auth', signInAgainMessage(account.name), { retryable: false });
      return {
        api: account.api,
        endpoints: { apiBase: account.apiBase, uploadBase: account.uploadBase },
        credentials: { bearer: this.#tokensFor(account.id) },
      };
    }
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

  #tokensFor(accountId: string): AccountTokens {
    let tokens = this.#tokens.get(accountId);
    if (!tokens) {
      tokens = new AccountTokens(accountId, {
        repository: this.#repository,
        secrets: this.#secrets,
        lease: this.#refreshLease,
        refresh: this.#refreshOAuth2,
        now: this.#now,
        onChanged: () => this.#changed(),
      });
      this.#tokens.set(accountId, tokens);
    }
    return tokens;
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

/** One process alone (tests, a registry without a ledger): the lease only has to exclude this process. */
function inMemoryLease(): RefreshLease {
  const holders = new Map<string, { holder: string; until: number }>();
  return {
    tryAcquire(accountId, holder, ttlMs) {
      const current = holders.get(accountId);
      if (current && current.holder !== holder && current.until > Date.now()) return false;
      holders.set(accountId, { holder, until: Date.now() + ttlMs });
      return true;
    },
    release(accountId, holder) {
      if (holders.get(accountId)?.holder === holder) holders.delete(accountId);
    },
  };
}

function connectionOf(account: Account, secrets: AccountSecrets): AccountConnection {
  return {
    api: account.api,
    endpoints: { apiBase: account.apiBase, uploadBase: account.uploadBase },
    credentials: { ...secrets },
  };
}
