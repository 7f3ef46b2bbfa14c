// The built-in sandbox account's life in one process: recorded when this run's sandbox starts (and
// created on a fresh install), shown at the running sandbox's origin, removed for good when the user
// removes it (until restored). The row stores a marker origin; see sandbox-account.ts for why.
import type { Account } from '../../common/account.ts';
import { fail } from '../../common/errors.ts';
import {
  SANDBOX_ACCOUNT_NAME,
  SANDBOX_ORIGIN_MARKER,
  nextSandboxUser,
  sandboxSecrets,
  type SandboxConnection,
  type SandboxRemovalMarker,
} from './sandbox-account.ts';
import type { AccountRepository, AccountSecrets } from './types.ts';

export interface SandboxLifecycleDeps {
  repository: AccountRepository;
  removal: SandboxRemovalMarker;
  now: () => number;
  newId: () => string;
  /** Tells the registry's listeners that an account row changed. */
  onChanged(): void;
}

export interface EnsureSandboxOptions {
  restore?: boolean;
  verified?: boolean;
}

export class SandboxAccountLifecycle {
  readonly #deps: SandboxLifecycleDeps;
  #running: SandboxConnection | null = null;

  constructor(deps: SandboxLifecycleDeps) {
    this.#deps = deps;
  }

  /**
   * Records this run's sandbox and, on a fresh install, creates the built-in account for it.
   * Returns the stored row, or null when the user removed it earlier (unless `restore`) or the name is taken.
   * `verified`: the connection comes from a sandbox this process started, whose demo users are
   * valid by construction, so the account counts as verified (else it would read "not verified"
   * forever: nothing else ever verifies it).
   */
  ensure(connection: SandboxConnection, options: EnsureSandboxOptions = {}): Account | null {
    const { repository, removal, now } = this.#deps;
    this.#running = { ...connection, url: connection.url.replace(/\/+$/, '') };
    const existing = repository.listAccounts().find((account) => account.kind === 'sandbox');
    if (existing) return options.verified && existing.verifiedAt === null ? this.#markVerified(existing) : existing;
    if (options.restore) removal.setRemoved(false);
    if (removal.isRemoved() || repository.getAccountByName(SANDBOX_ACCOUNT_NAME)) return null;
    const user = connection.users[0];
    const account: Account = {
      id: this.#deps.newId(),
      name: SANDBOX_ACCOUNT_NAME,
      kind: 'sandbox',
      userId: user?.userId ?? null,
      screenName: user?.screenName ?? null,
      api: 'v2',
      apiBase: SANDBOX_ORIGIN_MARKER,
      uploadBase: SANDBOX_ORIGIN_MARKER,
      tier: 'standard',
      verifiedAt: options.verified && user ? now() : null,
      createdAt: now(),
    };
    repository.insertAccount(account);
    this.#deps.onChanged();
    return account;
  }

  /**
   * "Add a sandbox user" in one step: an account for the running sandbox's next demo user that none acts
   * as yet (the built-in one first, if the user removed it). Verified: this process's sandbox made it.
   */
  addNextUser(): Account {
    const { repository, removal, now } = this.#deps;
    if (!this.#running) fail('environment', 'The sandbox is not running in this process');
    const next = nextSandboxUser(this.#running, repository.listAccounts());
    if (!next) fail('validation', 'Every sandbox demo user already has an account here');
    removal.setRemoved(false);
    const account: Account = {
      id: this.#deps.newId(),
      name: next.name,
      kind: 'sandbox',
      userId: next.user.userId,
      screenName: next.user.screenName,
      api: 'v2',
      apiBase: SANDBOX_ORIGIN_MARKER,
      uploadBase: SANDBOX_ORIGIN_MARKER,
      tier: 'standard',
      verifiedAt: now(),
      createdAt: now(),
    };
    repository.insertAccount(account);
    this.#deps.onChanged();
    return account;
  }

  /** The user removed the sandbox account: a later start does not bring it back. */
  markRemoved(): void {
    this.#deps.removal.setRemoved(true);
  }

  /** The sandbox's marker becomes the running sandbox's origin; stored rows keep the marker. */
  view(account: Account): Account {
    if (account.kind !== 'sandbox' || !this.#running) return { ...account };
    return { ...account, apiBase: this.#running.url, uploadBase: this.#running.url };
  }

  /** The running sandbox's public demo credentials for the account's user; null when none runs here. */
  secretsFor(userId: string | null): AccountSecrets | null {
    return this.#running ? sandboxSecrets(this.#running, userId) : null;
  }

  /** The sandbox's first demo user, as a verify against the running sandbox would find. */
  #markVerified(account: Account): Account {
    const user =
      this.#running?.users.find((candidate) => candidate.userId === account.userId) ?? this.#running?.users[0];
    if (!user) return account;
    const verified: Account = {
      ...account,
      userId: user.userId,
      screenName: user.screenName,
      verifiedAt: this.#deps.now(),
    };
    this.#deps.repository.updateAccount(verified);
    this.#deps.onChanged();
    return verified;
  }
}
