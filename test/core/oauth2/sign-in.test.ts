// The desktop side of Authorization Code with PKCE against the sandbox: the loopback listener takes
// one callback, state and verifier are checked, X's refusal comes back in X's words, and cancel,
// timeout and a pasted redirect URL work. The test plays the browser.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  beginAuthorization,
  finishAuthorization,
  listenForCallback,
  refreshTokens,
  revokeToken,
  startSignIn,
} from '../../../main/core/oauth2/index.ts';
import { startSandbox, type Sandbox } from '../../../main/core/sandbox/index.ts';
import { answerConsent, followRedirect, playBrowser } from '../../fakes/oauth2-browser.ts';
import { failureOf } from '../../fakes/failure-of.ts';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox();
});
afterEach(() => sandbox.close());

const client = () => ({ clientId: sandbox.oauth2ClientId, apiBase: sandbox.url });
const ANY_PORT = 'http://127.0.0.1:0/callback';

async function portIsClosed(redirectUri: string): Promise<boolean> {
  try {
    await fetch(redirectUri);
    return false;
  } catch {
    return true;
  }
}

describe('startSignIn', () => {
  it('approve in the browser → tokens; the authorize URL carries S256 and the real loopback port', async () => {
    const signIn = await startSignIn(client(), { redirectUri: ANY_PORT });
    const url = new URL(signIn.authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${sandbox.url}/i/oauth2/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toBe('tweet.read tweet.write users.read media.write offline.access');
    expect(url.searchParams.get('redirect_uri')).toBe(signIn.redirectUri);
    expect(signIn.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*\/callback$/);
    const page = await playBrowser(signIn.authorizeUrl);
    expect(page.text).toContain('Signed in');
    const tokens = await signIn.tokens;
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.expiresAt).toBeGreaterThan(Date.now() + 7000_000);
    expect(await portIsClosed(signIn.redirectUri)).toBe(true);
  });

  it("a denied consent fails with X's words", async () => {
    const signIn = await startSignIn(client(), { redirectUri: ANY_PORT });
    await playBrowser(signIn.authorizeUrl, 'deny');
    const error = await failureOf(signIn.tokens);
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('The user denied the authorization request.');
  });

  it('a callback with another state is refused and the code is not exchanged', async () => {
    const signIn = await startSignIn(client(), { redirectUri: ANY_PORT });
    const { location } = await answerConsent(signIn.authorizeUrl);
    const forged = new URL(location);
    forged.searchParams.set('state', 'not-the-state');
    await followRedirect(forged.href);
    const error = await failureOf(signIn.tokens);
    expect(error.message).toMatch(/does not belong to this sign-in/);
    expect(sandbox.oauth2.liveGrants()).toBe(0);
  });

  it('accepts one callback, then stops listening', async () => {
    const signIn = await startSignIn(client(), { redirectUri: ANY_PORT });
    const { location } = await answerConsent(signIn.authorizeUrl);
    const first = fetch(location);
    await signIn.tokens;
    expect((await first).status).toBe(200);
    expect(await portIsClosed(signIn.redirectUri)).toBe(true);
  });

  it('a pasted redirect URL finishes the sign-in (no browser on this machine)', async () => {
    const signIn = await startSignIn(client(), { redirectUri: ANY_PORT });
    const { location } = await answerConsent(signIn.authorizeUrl);
    expect(() => signIn.paste('http://127.0.0.1:1/elsewhere?code=x')).toThrow(/not this sign-in's redirect/);
    signIn.paste(location);
    expect((await signIn.tokens).accessToken).toBeTruthy();
  });

  it('cancel ends the wait and closes the listener', async () => {
    const signIn = await startSignIn(client(), { redirectUri: ANY_PORT });
    signIn.cancel();
    expect((await failureOf(signIn.tokens)).kind).toBe('cancelled');
    expect(await portIsClosed(signIn.redirectUri)).toBe(true);
  });

  it('gives up after the timeout with a clear message', async () => {
    const signIn = await startSignIn(client(), { redirectUri: ANY_PORT, timeoutMs: 50 });
    const error = await failureOf(signIn.tokens);
    expect(error.message).toMatch(/No answer from the browser/);
  });

  it('refuses a redirect URI that is not http://127.0.0.1', async () => {
    expect((await failureOf(startSignIn(client(), { redirectUri: 'http://localhost:0/callback' }))).message).toMatch(
      /127\.0\.0\.1, not localhost/,
    );
  });
});

describe('code exchange and refresh', () => {
  async function approvedCallback(redirectUri = 'http://127.0.0.1:40998/callback') {
    const pending = await beginAuthorization(client(), redirectUri);
    const { location } = await answerConsent(pending.authorizeUrl);
    return { pending, query: new URL(location).searchParams };
  }

  it('a wrong code verifier is refused by X', async () => {
    const { pending, query } = await approvedCallback();
    const error = await failureOf(
      finishAuthorization(client(), { ...pending, codeVerifier: `${pending.codeVerifier.slice(1)}x` }, query),
    );
    expect(error).toMatchObject({ kind: 'validation', retryable: false });
    expect(error.message).toContain('code verifier');
  });

  it('a reused code is refused for good (invalid_grant)', async () => {
    const { pending, query } = await approvedCallback();
    await finishAuthorization(client(), pending, query);
    const error = await failureOf(finishAuthorization(client(), pending, query));
    expect(error).toMatchObject({ kind: 'auth', retryable: false });
    expect(error.message).toContain('invalid_grant');
  });

  it('refresh rotates; a revoked grant refuses the next refresh for good', async () => {
    const { pending, query } = await approvedCallback();
    const first = await finishAuthorization(client(), pending, query);
    const second = await refreshTokens(client(), first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await revokeToken(client(), second.refreshToken);
    const error = await failureOf(refreshTokens(client(), second.refreshToken));
    expect(error).toMatchObject({ kind: 'auth', retryable: false });
  });

  it('an unreachable token endpoint is a retryable network error', async () => {
    const listener = await listenForCallback({ redirectUri: ANY_PORT });
    const deadPort = new URL(listener.redirectUri).port;
    await listener.close();
    const error = await failureOf(refreshTokens({ clientId: 'x', apiBase: `http://127.0.0.1:${deadPort}` }, 'r'));
    expect(error).toMatchObject({ kind: 'network', retryable: true });
  });
});
