// The secret accessors: what a client needs to act as an account (OAuth 1.0a secrets from the
// keychain, the sandbox's demo credentials, an OAuth 2.0 token source). A capability: only the code
// that builds X clients is handed one (openAccounts returns it beside the registry); the registry the
// IPC handlers and the CLI see has no way to reach a secret.
import type { ApiVersion } from '../../common/account.ts';
import type { Account } from '../../common/account.ts';
import { fail } from '../../common/errors.ts';
import type { OAuth2Tokens } from '../oauth2/protocol.ts';
import type { ClientCredentials, Endpoints } from '../x-api/types.ts';
import { AccountTokens, signInAgainMessage } from './oauth2-tokens.ts';
import { SANDBOX_ORIGIN_MARKER } from './sandbox-account.ts';
import type { SandboxAccountLifecycle } from './sandbox-lifecycle.ts';
import { decodeSecrets, secretsKey } from './secrets-codec.ts';
import type { AccountRepository, AccountSecrets, RefreshLease, SecretStore } from './types.ts';

/** Everything an UploadClient needs for one account (createUploadClient's options). */
export interface AccountConnection {
  api: ApiVersion;
  endpoints: Endpoints;
  credentials: ClientCredentials;
}

export interface AccountConnectionsDeps {
  repository: AccountRepository;
  secrets: SecretStore;
  sandbox: SandboxAccountLifecycle;
  lease: RefreshLease;
  refresh(account: Account, refreshToken: string): Promise<OAuth2Tokens>;
  now: () => number;
  onChanged(): void;
}

export class AccountConnections {
  readonly #deps: AccountConnectionsDeps;
  /** One token source per OAuth 2.0 account, so every client in this process shares its refreshes. */
  readonly #tokens = new Map<string, AccountTokens>();
  /**
   * OAuth 1.0a secrets read from the keychain, per account, for this process: every upload builds a client,
   * and each keychain read is a synchronous D-Bus round trip on Linux (~20 ms blocking the event loop), so a
   * batch of 100 files spent seconds there. An account's id is new on every add, so its secrets never change
   * under the same id; removing the account forgets them.
   */
  readonly #oauth1 = new Map<string, AccountSecrets>();

  constructor(deps: AccountConnectionsDeps) {
    this.#deps = deps;
  }

  /** OAuth 1.0a secrets. Never expose through IPC. */
  async secretsFor(accountId: string): Promise<AccountSecrets> {
    const account = this.#requireStored(accountId);
    if (account.oauth2) fail('validation', `"${account.name}" signs in with OAuth 2.0: it has no OAuth 1.0a secrets`);
    if (account.kind === 'sandbox') {
      const secrets = this.#deps.sandbox.secretsFor(account.userId);
      if (!secrets) fail('environment', 'The sandbox is not running in this process, so its account cannot send now');
      return secrets;
    }
    const known = this.#oauth1.get(account.id);
    if (known) return { ...known };
    const stored = await this.#deps.secrets.get(secretsKey(account.id));
    if (stored === null) {
      fail('auth', `The keychain has no credentials for "${account.name}": remove the account and add it again`);
    }
    const secrets = decodeSecrets(stored, account.name);
    this.#oauth1.set(account.id, secrets);
    return { ...secrets };
  }

  /** What createUploadClient needs to act as this account. */
  async connectionFor(accountId: string): Promise<AccountConnection> {
    const account = this.#deps.sandbox.view(this.#requireStored(accountId));
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

  /** The account's tokens were replaced or removed: no stale cache. */
  forget(accountId: string): void {
    this.#tokens.delete(accountId);
    this.#oauth1.delete(accountId);
  }

  #tokensFor(accountId: string): AccountTokens {
    let tokens = this.#tokens.get(accountId);
    if (!tokens) {
      const { repository, secrets, lease, refresh, now, onChanged } = this.#deps;
      tokens = new AccountTokens(accountId, { repository, secrets, lease, refresh, now, onChanged });
      this.#tokens.set(accountId, tokens);
    }
    return tokens;
  }

  #requireStored(accountId: string): Account {
    const account = this.#deps.repository.getAccount(accountId);
    if (!account) fail('not_found', 'That account does not exist (it may have been removed)');
    return account;
  }
}

export function connectionOf(account: Account, secrets: AccountSecrets): AccountConnection {
  return {
    api: account.api,
    endpoints: { apiBase: account.apiBase, uploadBase: account.uploadBase },
    credentials: { ...secrets },
  };
}
