// One OAuth 2.0 sign-in from the Accounts screen: main opens X's authorize page in the system
// browser and listens on the loopback redirect; this waits for it, and can cancel it or hand main
// the address the browser ended on (when the browser could not reach this machine).
import type { Result } from '../../../main/common/errors.ts';
import type { AccountView, OAuth2SignInStart, RequestOf, XferApi } from '../../../main/ipc/contract.ts';
import { TrackedCalls } from './tracked-calls.svelte.ts';

export type OAuth2SignInRequest = RequestOf<'accounts:startOAuth2SignIn'>;

export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:53682/callback';

export class OAuth2SignInState extends TrackedCalls {
  /** While main waits for the browser. */
  pending = $state.raw<OAuth2SignInStart | null>(null);
  #api: XferApi;

  constructor(api: XferApi) {
    super();
    this.#api = api;
  }

  /** Starts the sign-in and waits for it; the added account on success, null on failure or cancel. */
  signIn(request: OAuth2SignInRequest): Promise<AccountView | null> {
    return this.#run(() => this.#api.accounts.startOAuth2SignIn(request));
  }

  /** "Sign in again" for an account whose refresh X refused: same account, new tokens. */
  signInAgain(accountId: string): Promise<AccountView | null> {
    return this.#run(() => this.#api.accounts.startOAuth2SignInAgain({ id: accountId }));
  }

  /** Starts a sign-in, then waits for the browser's answer as one tracked call; a cancel is no error. */
  #run(start: () => Promise<Result<OAuth2SignInStart>>): Promise<AccountView | null> {
    return this.track(async (): Promise<Result<AccountView | null>> => {
      const started = await start();
      if (!started.ok) return started;
      this.pending = started.value;
      try {
        const finished = await this.#api.accounts.finishOAuth2SignIn({ signInId: started.value.signInId });
        return !finished.ok && finished.error.kind === 'cancelled' ? { ok: true, value: null } : finished;
      } finally {
        this.pending = null;
      }
    });
  }

  async paste(url: string): Promise<boolean> {
    const pending = this.pending;
    if (!pending) return false;
    const result = await this.#api.accounts.pasteOAuth2Redirect({ signInId: pending.signInId, url });
    if (!result.ok) this.error = result.error;
    return result.ok;
  }

  async cancel(): Promise<void> {
    const pending = this.pending;
    if (pending) await this.#api.accounts.cancelOAuth2SignIn({ signInId: pending.signInId });
  }
}
