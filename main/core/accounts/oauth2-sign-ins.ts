// Adding an OAuth 2.0 account: a sign-in in the system browser (main/core/oauth2), then /2/users/me
// with the new token, then the tokens into the keychain and the row into the ledger. Until all of it
// succeeded nothing is stored; a sign-in that fails after X issued tokens revokes them, so no grant
// and no secret is left behind. Sign-ins are kept by id so the app can cancel one or hand it a
// pasted redirect URL; they end by themselves after the listener's timeout.
import { randomUUID } from 'node:crypto';
import { fail } from '../../common/errors.ts';
import { DEFAULT_REDIRECT_URI } from '../oauth2/endpoints.ts';
import { revokeToken, type OAuth2Client, type OAuth2Tokens } from '../oauth2/protocol.ts';
import { startSignIn, type SignIn } from '../oauth2/sign-in.ts';
import { V1_NEEDS_OAUTH1 } from '../x-api/client-options.ts';
import type { Identity } from '../x-api/types.ts';
import type { ApiVersion } from '../../common/account.ts';
import type { Tier } from '../../common/media-types.ts';
import { accountDraft, required, requireFreeName } from './account-draft.ts';
import { encodeOAuth2Secrets } from './oauth2-secrets.ts';
import { secretsKey } from './secrets-codec.ts';
import type { AccountRepository, SecretStore } from './types.ts';
import type { Account } from '../../common/account.ts';

export interface OAuth2AccountInput {
  name: string;
  clientId: string;
  /** Default http://127.0.0.1:53682/callback; port 0 listens on any free port (tests). */
  redirectUri?: string;
  api?: ApiVersion;
  /** Alone, every endpoint: authorize, token, API and upload (a proxy, the sandbox). */
  apiBase?: string;
  uploadBase?: string;
  tier?: Tier;
  /** Tests: a short browser timeout. */
  timeoutMs?: number;
}

/** Signing an existing OAuth 2.0 account in again (after "sign in again"): same app, same server, same user. */
export interface OAuth2ReauthInput {
  accountId: string;
  redirectUri?: string;
  timeoutMs?: number;
}

export interface OAuth2SignInStart {
  signInId: string;
  authorizeUrl: string;
  /** The exact URI to register in X's developer portal. */
  redirectUri: string;
}

export interface OAuth2SignInDeps {
  repository: AccountRepository;
  secrets: SecretStore & { ensureAvailable?(): Promise<void> };
  /** /2/users/me with a Bearer token. */
  verifyBearer(account: Account, accessToken: string): Promise<Identity>;
  now: () => number;
  newId: () => string;
  /** Called after an add, and after a sign-in again replaced an account's tokens. */
  onAdded(account: Account): void;
  fetch?: typeof fetch;
}

/** How long a settled sign-in's outcome waits for finish(). */
const OUTCOME_KEPT_MS = 60_000;

interface Pending {
  signIn: SignIn;
  done: Promise<Account>;
}

export class OAuth2SignIns {
  readonly #deps: OAuth2SignInDeps;
  readonly #pending = new Map<string, Pending>();

  constructor(deps: OAuth2SignInDeps) {
    this.#deps = deps;
  }

  async start(input: OAuth2AccountInput): Promise<OAuth2SignInStart> {
    if (input.api === 'v1.1') fail('validation', V1_NEEDS_OAUTH1);
    const draft = accountDraft(input, this.#deps.newId(), this.#deps.now());
    requireFreeName(this.#deps.repository.listAccounts(), draft.name);
    const clientId = required(input.clientId, 'client id');
    return this.#listen(draft, clientId, input, (tokens, client) =>
      this.#save(
        { ...draft, oauth2: { clientId, accessExpiresAt: tokens.expiresAt, signInAgain: false } },
        client,
        tokens,
      ),
    );
  }

  /** Signs an existing OAuth 2.0 account in again; its row, id and sessions stay, its tokens are replaced. */
  async startAgain(input: OAuth2ReauthInput): Promise<OAuth2SignInStart> {
    const account = this.#deps.repository.getAccount(input.accountId);
    if (!account) fail('not_found', 'That account does not exist (it may have been removed)');
    const state = account.oauth2;
    if (!state) fail('validation', `"${account.name}" does not sign in with OAuth 2.0`);
    return this.#listen(account, state.clientId, input, (tokens, client) =>
      this.#replaceTokens(account, state.clientId, client, tokens),
    );
  }

  async #listen(
    draft: Account,
    clientId: string,
    input: { redirectUri?: string | undefined; timeoutMs?: number | undefined },
    complete: (tokens: OAuth2Tokens, client: OAuth2Client) => Promise<Account>,
  ): Promise<OAuth2SignInStart> {
    // Fail before the user goes to the browser, not after they approved.
    await this.#deps.secrets.ensureAvailable?.();
    const client: OAuth2Client = {
      clientId,
      apiBase: draft.apiBase,
      ...(this.#deps.fetch && { fetch: this.#deps.fetch }),
    };
    const signIn = await startSignIn(client, {
      redirectUri: input.redirectUri?.trim() || DEFAULT_REDIRECT_URI,
      ...(input.timeoutMs !== undefined && { timeoutMs: input.timeoutMs }),
      now: this.#deps.now,
    });
    const signInId = `signin_${randomUUID()}`;
    const done = signIn.tokens.then((tokens) => complete(tokens, client));
    // The outcome waits for finish() a while (the app may ask after it settled), then is dropped.
    void done
      .catch(() => undefined)
      .then(() => setTimeout(() => this.#pending.delete(signInId), OUTCOME_KEPT_MS).unref());
    this.#pending.set(signInId, { signIn, done });
    return { signInId, authorizeUrl: signIn.authorizeUrl, redirectUri: signIn.redirectUri };
  }

  /** Waits for the browser (or a pasted URL) and resolves with the added, verified account. */
  finish(signInId: string): Promise<Account> {
    const { done } = this.#get(signInId);
    void done.then(
      () => this.#pending.delete(signInId),
      () => this.#pending.delete(signInId),
    );
    return done;
  }

  paste(signInId: string, url: string): void {
    this.#get(signInId).signIn.paste(url);
  }

  cancel(signInId: string): void {
    this.#pending.get(signInId)?.signIn.cancel();
  }

  #get(signInId: string): Pending {
    const pending = this.#pending.get(signInId);
    if (!pending) fail('not_found', 'This sign-in has ended (finished, cancelled or timed out): start it again');
    return pending;
  }

  #storeTokens(accountId: string, tokens: OAuth2Tokens): Promise<void> {
    return this.#deps.secrets.set(
      secretsKey(accountId),
      encodeOAuth2Secrets({ ...tokens, obtainedAt: this.#deps.now() }),
    );
  }

  async #save(draft: Account, client: OAuth2Client, tokens: OAuth2Tokens): Promise<Account> {
    let account: Account;
    try {
      const identity = await this.#deps.verifyBearer(draft, tokens.accessToken);
      account = { ...draft, userId: identity.userId, screenName: identity.screenName, verifiedAt: this.#deps.now() };
      requireFreeName(this.#deps.repository.listAccounts(), account.name); // again: another add may have won
      await this.#storeTokens(account.id, tokens);
    } catch (thrown) {
      await revokeQuietly(client, tokens);
      throw thrown;
    }
    try {
      this.#deps.repository.insertAccount(account);
    } catch (thrown) {
      await this.#deps.secrets.delete(secretsKey(account.id));
      await revokeQuietly(client, tokens);
      throw thrown;
    }
    this.#deps.onAdded(account);
    return account;
  }

  async #replaceTokens(
    account: Account,
    clientId: string,
    client: OAuth2Client,
    tokens: OAuth2Tokens,
  ): Promise<Account> {
    try {
      const identity = await this.#deps.verifyBearer(account, tokens.accessToken);
      if (account.userId !== null && identity.userId !== account.userId) {
        fail(
          'auth',
          `You signed in as @${identity.screenName}, but "${account.name}" is @${account.screenName ?? account.userId}: sign in as that user, or add @${identity.screenName} as a new account`,
          { retryable: false },
        );
      }
      await this.#storeTokens(account.id, tokens);
    } catch (thrown) {
      await revokeQuietly(client, tokens);
      throw thrown;
    }
    const state = { clientId, accessExpiresAt: tokens.expiresAt, signInAgain: false };
    this.#deps.repository.setOAuth2State(account.id, state);
    const updated: Account = { ...account, oauth2: state, verifiedAt: this.#deps.now() };
    this.#deps.onAdded(updated);
    return updated;
  }
}

/**
 * Revokes a grant the user will not keep. Best effort on purpose: the sign-in already failed with
 * its own error, which is the one to show; a grant left at X is listed in the user's X settings.
 */
async function revokeQuietly(client: OAuth2Client, tokens: OAuth2Tokens): Promise<void> {
  try {
    await revokeToken(client, tokens.refreshToken);
  } catch {
    // the sign-in's own error is reported instead (see above)
  }
}
