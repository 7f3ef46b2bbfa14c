// The account registry: public facts in the AccountRepository (the ledger), secrets only in the
// SecretStore (the OS keychain), identities checked against X. Its public surface reads and changes
// accounts but never hands out a secret: the secret accessors (AccountConnections) come only from
// openAccounts, for the code that builds X clients. The PIN flow, the OAuth 2.0 sign-ins and the
// built-in sandbox account's lifecycle live in their own files.
import { randomUUID } from 'node:crypto';
import { fail } from '../../common/errors.ts';
import type { Identity } from '../x-api/types.ts';
import type { Account } from '../../common/account.ts';
import {
  accountDraft,
  tokenSecrets,
  requireFreeName,
  type AppConnectionInput,
  type TokenAccountInput,
} from './account-draft.ts';
import { AccountConnections, connectionOf, type AccountConnection } from './account-connections.ts';
import { inMemoryLease } from './in-memory-lease.ts';
import type { OAuth2Tokens } from '../oauth2/protocol.ts';
import { accountRefreshGrant } from './oauth2-tokens.ts';
import { saveNewAccount } from './account-saving.ts';
import { revokeOAuth2Grant } from './oauth2-revoke.ts';
import { reverifiedAccount, withIdentity } from './account-identity.ts';
import {
  OAuth2SignIns,
  type OAuth2AccountInput,
  type OAuth2ReauthInput,
  type OAuth2SignInStart,
} from './oauth2-sign-ins.ts';
import { PinLoginFlow, type PinLoginStart } from './pin-login-flow.ts';
import { inMemoryRemovalMarker, type SandboxConnection, type SandboxRemovalMarker } from './sandbox-account.ts';
import { SandboxAccountLifecycle, type EnsureSandboxOptions } from './sandbox-lifecycle.ts';
import { editedAccount, type AccountEdit } from './account-edit.ts';
import { secretsKey } from './secrets-codec.ts';
import type { AccountRepository, AccountSecrets, RefreshLease, SecretStore } from './types.ts';
import { defaultXApi, type XApi } from './x-api-port.ts';

export type {
  AccountConnection,
  AppConnectionInput,
  OAuth2AccountInput,
  OAuth2SignInStart,
  PinLoginStart,
  TokenAccountInput,
};
export { AccountConnections };

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

/** The registry and its secret accessors, built together; only client-building code should get `connections`. */
export interface OpenedAccounts {
  registry: AccountRegistry;
  connections: AccountConnections;
}

// Module-private: the only way from a registry to its secrets is to have opened it.
const connectionsOf = new WeakMap<AccountRegistry, AccountConnections>();

export function openAccounts(options: AccountRegistryOptions): OpenedAccounts {
  const registry = new AccountRegistry(options);
  const connections = connectionsOf.get(registry);
  if (!connections) throw new Error('AccountRegistry was built without its connections');
  return { registry, connections };
}

export class AccountRegistry {
  readonly #repository: AccountRepository;
  readonly #secrets: AccountRegistryOptions['secrets'];
  readonly #xApi: XApi;
  readonly #now: () => number;
  readonly #newId: () => string;
  readonly #listeners = new Set<(accounts: Account[]) => void>();
  readonly #pinLogins: PinLoginFlow;
  readonly #signIns: OAuth2SignIns;
  readonly #sandbox: SandboxAccountLifecycle;
  readonly #connections: AccountConnections;

  constructor(options: AccountRegistryOptions) {
    this.#repository = options.repository;
    this.#secrets = options.secrets;
    this.#xApi = { ...defaultXApi, ...options.xApi };
    this.#now = options.now ?? Date.now;
    this.#newId = options.newId ?? (() => `acc_${randomUUID()}`);
    const onChanged = () => this.#changed();
    this.#sandbox = new SandboxAccountLifecycle({
      repository: this.#repository,
      removal: options.sandboxRemoval ?? inMemoryRemovalMarker(),
      now: this.#now,
      newId: this.#newId,
      onChanged,
    });
    this.#connections = new AccountConnections({
      repository: this.#repository,
      secrets: this.#secrets,
      sandbox: this.#sandbox,
      lease: options.refreshLease ?? inMemoryLease(),
      refresh: options.refreshOAuth2 ?? accountRefreshGrant(this.#now),
      now: this.#now,
      onChanged,
    });
    connectionsOf.set(this, this.#connections);
    this.#pinLogins = new PinLoginFlow({
      xApi: this.#xApi,
      ensureSecretsAvailable: async () => this.#secrets.ensureAvailable?.(),
      draft: (input) => this.#draft(input),
      save: (draft, secrets, identity) => this.#save(draft, secrets, identity),
      now: this.#now,
    });
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
        this.#connections.forget(account.id); // a sign-in again replaced the tokens: no stale cache
        this.#changed();
      },
    });
  }

  /** Public facts only (safe for IPC and the CLI); the sandbox's origin is the running one. */
  list(): Account[] {
    return this.#repository.listAccounts().map((account) => this.#sandbox.view(account));
  }

  get(accountId: string): Account {
    return this.#sandbox.view(this.#requireStored(accountId));
  }

  getByName(name: string): Account {
    const account = this.#repository.getAccountByName(name);
    if (!account) fail('not_found', `No account is named "${name}" (see: xfer accounts list)`);
    return this.#sandbox.view(account);
  }

  /** Called with the accounts after every change (for the app's accountsChanged event). */
  onChanged(listener: (accounts: Account[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async addWithTokens(input: TokenAccountInput): Promise<Account> {
    const draft = this.#draft(input);
    const secrets = tokenSecrets(input);
    const identity = input.offline ? null : await this.#xApi.verifyCredentials(connectionOf(draft, secrets));
    return this.#save(draft, secrets, identity);
  }

  startPinLogin(input: AppConnectionInput): Promise<PinLoginStart> {
    return this.#pinLogins.start(input);
  }

  /** A wrong PIN leaves the login open so the user can type it again. */
  finishPinLogin(loginId: string, pin: string): Promise<Account> {
    return this.#pinLogins.finish(loginId, pin);
  }

  /**
   * A new name (the user's own label) and/or tier (standard or X Premium: it sets the limits the checks
   * use); sessions and posts stay with the account (they hold its id).
   */
  edit(accountId: string, edit: AccountEdit): Account {
    const updated = editedAccount(this.#requireStored(accountId), edit, this.#repository.listAccounts());
    this.#repository.updateAccount(updated);
    this.#changed();
    return this.#sandbox.view(updated);
  }

  /** One step: an account for the running sandbox's next demo user not yet added (sandbox-lifecycle.ts). */
  addSandboxUser(): Account {
    return this.#sandbox.view(this.#sandbox.addNextUser());
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
    return this.#signIns.finish(signInId).then((account) => this.#sandbox.view(account));
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
    const identity = await this.#xApi.verifyCredentials(await this.#connections.connectionFor(accountId));
    const verified = reverifiedAccount(account, identity, this.#now());
    this.#repository.updateAccount(verified);
    this.#changed();
    return this.#sandbox.view(verified);
  }

  /** Deletes the keychain entry, then the row (the ledger detaches the account's sessions). */
  async remove(accountId: string): Promise<{ notice: string | null }> {
    const account = this.#requireStored(accountId);
    const notice = account.oauth2 ? await revokeOAuth2Grant(this.#secrets, account) : null;
    if (account.kind === 'sandbox') this.#sandbox.markRemoved();
    else await this.#secrets.delete(secretsKey(account.id));
    this.#connections.forget(account.id);
    this.#repository.deleteAccount(account.id);
    this.#changed();
    return { notice };
  }

  /** Records this run's sandbox and, on a fresh install, creates the built-in account (sandbox-lifecycle.ts). */
  ensureSandboxAccount(connection: SandboxConnection, options: EnsureSandboxOptions = {}): Account | null {
    const account = this.#sandbox.ensure(connection, options);
    return account && this.#sandbox.view(account);
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

  /** Secrets first, then the row (account-saving.ts). */
  async #save(draft: Account, secrets: AccountSecrets, identity: Identity | null): Promise<Account> {
    const account = withIdentity(draft, identity, this.#now());
    this.#requireFreeName(account.name); // again: another add may have finished while we waited on X
    await saveNewAccount(this.#repository, this.#secrets, account, secrets);
    this.#changed();
    return this.#sandbox.view(account);
  }

  #requireStored(accountId: string): Account {
    const account = this.#repository.getAccount(accountId);
    if (!account) fail('not_found', 'That account does not exist (it may have been removed)');
    return account;
  }

  #changed(): void {
    if (this.#listeners.size === 0) return;
    const accounts = this.list();
    for (const listener of this.#listeners) listener(accounts);
  }
}
