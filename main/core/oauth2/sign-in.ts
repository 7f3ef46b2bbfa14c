// One sign-in from start to tokens: listen on the loopback redirect, build the authorize URL for the
// URI actually listened on, then wait for the one callback (or a pasted redirect URL), check it and
// exchange the code at once (X gives 30 s). The listener is closed however it ends.
import { listenForCallback } from './loopback.ts';
import { beginAuthorization, finishAuthorization, type OAuth2Client, type OAuth2Tokens } from './protocol.ts';

export interface SignIn {
  authorizeUrl: string;
  /** What must be registered in X's developer portal (exactly). */
  redirectUri: string;
  /** The tokens, once the browser came back approved; rejects with X's words, on cancel or timeout. */
  tokens: Promise<OAuth2Tokens>;
  paste(url: string): void;
  cancel(): void;
}

export async function startSignIn(
  client: OAuth2Client,
  options: { redirectUri: string; timeoutMs?: number; signal?: AbortSignal; now?: () => number },
): Promise<SignIn> {
  const listener = await listenForCallback(options);
  try {
    const pending = await beginAuthorization(client, listener.redirectUri);
    const tokens = listener.callback
      .then((query) => finishAuthorization(client, pending, query, options.now))
      .finally(() => listener.close());
    tokens.catch(() => undefined); // the caller awaits it; never an unhandled rejection here
    return {
      authorizeUrl: pending.authorizeUrl,
      redirectUri: listener.redirectUri,
      tokens,
      paste: (url) => listener.paste(url),
      cancel: () => listener.cancel(),
    };
  } catch (thrown) {
    await listener.close();
    throw thrown;
  }
}
