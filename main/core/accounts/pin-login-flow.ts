// OAuth 1.0a PIN login (3-legged, out of band): ask X for a request token, send the user to the
// authorize page, trade the PIN they type for an access token, verify it, and save the account.
// Nothing is stored before the last step; a wrong PIN leaves the login open to try again.
import { randomUUID } from 'node:crypto';
import type { Account } from '../../common/account.ts';
import { fail, isXferFailure } from '../../common/errors.ts';
import type { Identity } from '../x-api/types.ts';
import { required, type AppConnectionInput } from './account-draft.ts';
import { connectionOf } from './account-connections.ts';
import { PendingLogins } from './pin-logins.ts';
import type { AccountSecrets } from './types.ts';
import type { XApi } from './x-api-port.ts';

export interface PinLoginStart {
  loginId: string;
  authorizeUrl: string;
}

/** What a PIN X refuses means to the user, in the window and the CLI alike. */
export const WRONG_PIN_MESSAGE =
  'That PIN is wrong or has expired: type it again, or cancel and sign in again for a new PIN';

/**
 * X answers a PIN it does not accept (mistyped, already used, or its request token expired) with a 401 whose
 * words do not help ("Invalid oauth_verifier parameter", "Could not authenticate you"): they stay as the detail.
 */
function rethrowAsWrongPin(thrown: unknown): never {
  if (isXferFailure(thrown) && thrown.error.kind === 'auth') {
    fail('auth', `${WRONG_PIN_MESSAGE} (X said: ${thrown.error.message})`, { retryable: false });
  }
  throw thrown;
}

export interface PinLoginFlowDeps {
  xApi: XApi;
  /** Lets a login fail before the user goes to the browser when the keychain cannot be used. */
  ensureSecretsAvailable(): Promise<void>;
  /** Checks the name and endpoints (the registry's rules); writes nothing. */
  draft(input: AppConnectionInput): Account;
  /** Secrets first, then the row (the registry's save). */
  save(draft: Account, secrets: AccountSecrets, identity: Identity): Promise<Account>;
  now: () => number;
}

export class PinLoginFlow {
  readonly #deps: PinLoginFlowDeps;
  readonly #logins: PendingLogins;

  constructor(deps: PinLoginFlowDeps) {
    this.#deps = deps;
    this.#logins = new PendingLogins(deps.now);
  }

  async start(input: AppConnectionInput): Promise<PinLoginStart> {
    const draft = this.#deps.draft(input);
    // Fail before the user approves in the browser, not after they typed the PIN.
    await this.#deps.ensureSecretsAvailable();
    const consumer = {
      consumerKey: required(input.consumerKey, 'consumer key'),
      consumerSecret: required(input.consumerSecret, 'consumer secret'),
    };
    const started = await this.#deps.xApi.requestToken(consumer, draft.apiBase);
    const loginId = `login_${randomUUID()}`;
    this.#logins.add(loginId, {
      name: draft.name,
      consumer,
      requestToken: { token: started.token, tokenSecret: started.tokenSecret },
      api: draft.api,
      endpoints: { apiBase: draft.apiBase, uploadBase: draft.uploadBase },
      tier: draft.tier,
      startedAt: this.#deps.now(),
    });
    return { loginId, authorizeUrl: started.authorizeUrl };
  }

  /** A wrong PIN leaves the login open so the user can type it again. */
  async finish(loginId: string, pin: string): Promise<Account> {
    const login = this.#logins.get(loginId);
    if (!login) fail('not_found', 'This login has expired or was already used: start the login again');
    const { xApi } = this.#deps;
    const granted = await xApi
      .accessToken(login.consumer, login.requestToken, pin, login.endpoints.apiBase)
      .catch((thrown: unknown) => rethrowAsWrongPin(thrown));
    const draft = this.#deps.draft({
      ...login.consumer,
      ...login.endpoints,
      name: login.name,
      api: login.api,
      tier: login.tier,
    });
    const secrets: AccountSecrets = { ...login.consumer, token: granted.token, tokenSecret: granted.tokenSecret };
    // The access token answer names the user; verifying also proves the token works for uploads' API.
    const identity = await xApi.verifyCredentials(connectionOf(draft, secrets));
    const account = await this.#deps.save(draft, secrets, identity);
    this.#logins.delete(loginId);
    return account;
  }
}
