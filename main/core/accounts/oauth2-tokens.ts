// An OAuth 2.0 account's access token, kept fresh. Refreshes shortly before expiry (a fifth of the
// token's life, at most a minute) and after a 401, ONE at a time per account: single-flight in this
// process, and a lease in the shared ledger across processes (the app and `xfer send` may both run).
// Inside the lease the keychain is read again, so a refresh another process just made is used
// instead of spending a refresh token twice (X revokes the whole grant when a spent one comes back).
// The new tokens are written to the keychain before the new access token is used. A refresh X
// refuses for good marks the account "sign in again" and keeps its sessions.
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { fail, isXferFailure } from '../../common/errors.ts';
import { refreshTokens, type OAuth2Tokens } from '../oauth2/protocol.ts';
import type { BearerTokenSource } from '../x-api/request-auth.ts';
import { decodeOAuth2Secrets, encodeOAuth2Secrets, type OAuth2Secrets } from './oauth2-secrets.ts';
import { secretsKey } from './secrets-codec.ts';
import type { AccountRepository, RefreshLease, SecretStore } from './types.ts';
import type { Account } from '../../common/account.ts';

/** The refresh grant against the account's own app and server (main/core/oauth2). */
export function accountRefreshGrant(now: () => number): AccountTokenDeps['refresh'] {
  return (account, refreshToken) =>
    refreshTokens({ clientId: account.oauth2?.clientId ?? '', apiBase: account.apiBase }, refreshToken, now);
}

export const REFRESH_LEASE_MS = 30_000;
const MAX_REFRESH_MARGIN_MS = 60_000;
const LEASE_POLL_MS = 50;

export interface AccountTokenDeps {
  repository: AccountRepository;
  secrets: SecretStore;
  lease: RefreshLease;
  /** The refresh grant for this account's app and server (main/core/oauth2 by default). */
  refresh(account: Account, refreshToken: string): Promise<OAuth2Tokens>;
  now: () => number;
  /** Tells the registry's listeners (the app's account list) that the account changed. */
  onChanged(): void;
}

export function signInAgainMessage(name: string): string {
  return `X no longer accepts the sign-in of "${name}": sign in again (Accounts → Sign in again, or xfer accounts signin ${name}). Its sessions are kept.`;
}

function freshEnough(secrets: OAuth2Secrets, now: number): boolean {
  const margin = Math.min(MAX_REFRESH_MARGIN_MS, (secrets.expiresAt - secrets.obtainedAt) / 5);
  return now < secrets.expiresAt - margin;
}

export class AccountTokens implements BearerTokenSource {
  readonly #accountId: string;
  readonly #deps: AccountTokenDeps;
  readonly #holder = `lease_${randomUUID()}`;
  #cached: OAuth2Secrets | null = null;
  #refreshing: Promise<string> | null = null;

  constructor(accountId: string, deps: AccountTokenDeps) {
    this.#accountId = accountId;
    this.#deps = deps;
  }

  async accessToken(): Promise<string> {
    const cached = this.#cached ?? (await this.#read());
    if (freshEnough(cached, this.#deps.now())) return cached.accessToken;
    return this.#refreshOnce(null);
  }

  async refreshAfterRejection(rejected: string): Promise<string | null> {
    const cached = this.#cached;
    if (cached && cached.accessToken !== rejected && freshEnough(cached, this.#deps.now())) return cached.accessToken;
    return this.#refreshOnce(rejected);
  }

  /** Single-flight: every caller in this process waits on the same refresh. */
  #refreshOnce(rejected: string | null): Promise<string> {
    this.#refreshing ??= this.#refreshUnderLease(rejected).finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  async #refreshUnderLease(rejected: string | null): Promise<string> {
    const { lease } = this.#deps;
    const waitUntil = Date.now() + 2 * REFRESH_LEASE_MS;
    while (!lease.tryAcquire(this.#accountId, this.#holder, REFRESH_LEASE_MS)) {
      if (Date.now() > waitUntil)
        fail('network', 'Another Xfer has been refreshing this account for a minute: try again');
      await delay(LEASE_POLL_MS);
    }
    try {
      const stored = await this.#read();
      // Another process (or an earlier turn here) refreshed while we waited: use its tokens.
      if (stored.accessToken !== rejected && freshEnough(stored, this.#deps.now())) return stored.accessToken;
      const account = this.#account();
      let tokens: OAuth2Tokens;
      try {
        tokens = await this.#deps.refresh(account, stored.refreshToken);
      } catch (thrown) {
        if (!isXferFailure(thrown) || thrown.error.kind !== 'auth') throw thrown;
        this.#markSignInAgain(account);
        fail('auth', `${signInAgainMessage(account.name)} (${thrown.error.message})`, { retryable: false });
      }
      const next: OAuth2Secrets = {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: tokens.expiresAt,
        obtainedAt: this.#deps.now(),
      };
      // The spent refresh token is useless now: store the new one before anything uses the new access token.
      await this.#deps.secrets.set(secretsKey(this.#accountId), encodeOAuth2Secrets(next));
      this.#cached = next;
      this.#deps.repository.setOAuth2State(this.#accountId, {
        ...(account.oauth2 ?? { clientId: '', signInAgain: false }),
        accessExpiresAt: next.expiresAt,
        signInAgain: false,
      });
      this.#deps.onChanged();
      return next.accessToken;
    } finally {
      lease.release(this.#accountId, this.#holder);
    }
  }

  #account(): Account {
    const account = this.#deps.repository.getAccount(this.#accountId);
    if (!account?.oauth2) fail('not_found', 'That account does not exist (it may have been removed)');
    if (account.oauth2.signInAgain) fail('auth', signInAgainMessage(account.name), { retryable: false });
    return account;
  }

  async #read(): Promise<OAuth2Secrets> {
    const account = this.#account();
    const stored = await this.#deps.secrets.get(secretsKey(this.#accountId));
    if (stored === null) {
      this.#markSignInAgain(account);
      fail('auth', signInAgainMessage(account.name), { retryable: false });
    }
    this.#cached = decodeOAuth2Secrets(stored, account.name);
    return this.#cached;
  }

  #markSignInAgain(account: Account): void {
    if (!account.oauth2) return;
    this.#deps.repository.setOAuth2State(account.id, { ...account.oauth2, signInAgain: true });
    this.#deps.onChanged();
  }
}
