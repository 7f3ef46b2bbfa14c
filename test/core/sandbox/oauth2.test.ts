// The sandbox's OAuth 2.0 server (reference §9), spoken to over raw HTTP: PKCE S256, single-use
// 30 s codes, rotating refresh tokens where a spent one revokes the family, revoke, and Bearer
// tokens on /2/ only, scope by scope.
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/core/sandbox/index.ts';
import { answerConsent } from '../../fakes/oauth2-browser.ts';

const REDIRECT = 'http://127.0.0.1:40999/callback';
const ALL_SCOPES = 'tweet.read tweet.write users.read media.write offline.access';

let sandbox: Sandbox;
let clock: number;
beforeEach(async () => {
  clock = Date.now();
  sandbox = await startSandbox({
    now: () => clock,
    oauth2Clients: [{ clientId: 'strict-app', name: 'Strict', redirectUris: ['http://127.0.0.1:1234/callback'] }],
  });
});
afterEach(() => sandbox.close());

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(challenge: string, overrides: Record<string, string> = {}): string {
  const url = new URL('/i/oauth2/authorize', sandbox.url);
  const params = {
    response_type: 'code',
    client_id: sandbox.oauth2ClientId,
    redirect_uri: REDIRECT,
    scope: ALL_SCOPES,
    state: 'state-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}

async function codeFor(challenge: string, scope = ALL_SCOPES): Promise<string> {
  const { location } = await answerConsent(authorizeUrl(challenge, { scope }));
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`no code in ${location}`);
  return code;
}

async function tokenRequest(fields: Record<string, string>) {
  const response = await fetch(new URL('/2/oauth2/token', sandbox.url), {
    method: 'POST',
    body: new URLSearchParams({ client_id: sandbox.oauth2ClientId, ...fields }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function signIn(scope = ALL_SCOPES) {
  const { verifier, challenge } = pkce();
  const code = await codeFor(challenge, scope);
  const { status, body } = await tokenRequest({
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
  });
  expect(status).toBe(200);
  return body as { access_token: string; refresh_token?: string; expires_in: number; scope: string };
}

const refresh = (refreshToken: string) => tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });

async function me(authorization: string, path = '/2/users/me') {
  const response = await fetch(new URL(path, sandbox.url), { headers: { authorization } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('authorize', () => {
  it('an approved consent redirects with a code and the same state', async () => {
    const { location } = await answerConsent(authorizeUrl(pkce().challenge));
    const redirect = new URL(location);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT);
    expect(redirect.searchParams.get('state')).toBe('state-123');
    expect(redirect.searchParams.get('code')).toMatch(/.{20,}/);
  });

  it('a denied consent redirects with access_denied, X-style words and the state', async () => {
    const { location } = await answerConsent(authorizeUrl(pkce().challenge), 'deny');
    const redirect = new URL(location);
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('error_description')).toMatch(/denied/);
    expect(redirect.searchParams.get('state')).toBe('state-123');
    expect(redirect.searchParams.has('code')).toBe(false);
  });

  it('a redirect URI not registered exactly is refused on a page, never redirected to', async () => {
    const url = authorizeUrl(pkce().challenge, {
      client_id: 'strict-app',
      redirect_uri: 'http://127.0.0.1:1235/callback',
    });
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('not registered');
    const exact = await fetch(
      authorizeUrl(pkce().challenge, { client_id: 'strict-app', redirect_uri: 'http://127.0.0.1:1234/callback' }),
    );
    expect(exact.status).toBe(200);
  });

  it('without an S256 challenge the app gets invalid_request back', async () => {
    const { location } = await answerConsent(authorizeUrl('plain-challenge', { code_challenge_method: 'plain' }));
    expect(new URL(location).searchParams.get('error')).toBe('invalid_request');
  });
});

describe('authorization_code', () => {
  it('the right verifier gets tokens for 2 h by default, and /2/users/me names the user', async () => {
    const tokens = await signIn();
    expect(tokens.expires_in).toBe(7200);
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.scope).toBe(ALL_SCOPES);
    const answer = await me(`Bearer ${tokens.access_token}`);
    expect(answer).toEqual({
      status: 200,
      body: { data: expect.objectContaining({ id: sandbox.users[0]?.userId, username: sandbox.users[0]?.screenName }) },
    });
  });

  it('a wrong verifier is refused', async () => {
    const code = await codeFor(pkce().challenge);
    const answer = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: pkce().verifier,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: 'invalid_request',
      error_description: expect.stringMatching(/code verifier/),
    });
  });

  it('a code works once; using it again also revokes what the first exchange got', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge);
    const fields = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier };
    const first = await tokenRequest(fields);
    expect(first.status).toBe(200);
    const again = await tokenRequest(fields);
    expect(again.body.error).toBe('invalid_grant');
    expect((await me(`Bearer ${String(first.body.access_token)}`)).status).toBe(401);
  });

  it('a code not exchanged within 30 s is dead', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge);
    clock += 30_001;
    const answer = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(answer.body.error).toBe('invalid_grant');
  });

  it('without offline.access there is no refresh token', async () => {
    const tokens = await signIn('tweet.read users.read media.write');
    expect(tokens.refresh_token).toBeUndefined();
  });
});

describe('refresh_token', () => {
  it('rotates: each refresh gives a new refresh token and the uses are recorded', async () => {
    const first = await signIn();
    const second = await refresh(first.refresh_token ?? '');
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(second.body.access_token).not.toBe(first.access_token);
    const third = await refresh(String(second.body.refresh_token));
    expect(third.status).toBe(200);
    expect(sandbox.oauth2.refreshTokenUses().map((use) => use.uses)).toEqual([1, 1, 0]);
  });

  it('a spent refresh token revokes the whole family: its new tokens stop working too', async () => {
    const first = await signIn();
    const second = await refresh(first.refresh_token ?? '');
    const reused = await refresh(first.refresh_token ?? '');
    expect(reused).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: expect.any(String) } });
    expect((await me(`Bearer ${String(second.body.access_token)}`)).status).toBe(401);
    expect((await refresh(String(second.body.refresh_token))).body.error).toBe('invalid_grant');
    expect(sandbox.oauth2.liveGrants()).toBe(0);
    expect(sandbox.oauth2.refreshTokenUses().map((use) => use.uses)).toEqual([2, 1]);
  });

  it('access tokens expire after the configured lifetime', async () => {
    sandbox.oauth2.setLifetimes({ accessTokenSecs: 3 });
    const tokens = await signIn();
    expect(tokens.expires_in).toBe(3);
    clock += 2_900;
    expect((await me(`Bearer ${tokens.access_token}`)).status).toBe(200);
    clock += 200;
    expect(await me(`Bearer ${tokens.access_token}`)).toEqual({
      status: 401,
      body: expect.objectContaining({ title: 'Unauthorized', status: 401 }),
    });
  });
});

describe('revoke', () => {
  it('revoking the refresh token ends the grant: the access token is refused', async () => {
    const tokens = await signIn();
    const response = await fetch(new URL('/2/oauth2/revoke', sandbox.url), {
      method: 'POST',
      body: new URLSearchParams({ token: tokens.refresh_token ?? '', client_id: sandbox.oauth2ClientId }),
    });
    expect(response.status).toBe(200);
    expect((await me(`Bearer ${tokens.access_token}`)).status).toBe(401);
    expect(sandbox.oauth2.isRevoked(tokens.refresh_token ?? '')).toBe(true);
  });
});

describe('Bearer on the API', () => {
  it('is refused on /1.1/ with 403 (v1.1 takes OAuth 1.0a only)', async () => {
    const tokens = await signIn();
    const answer = await me(`Bearer ${tokens.access_token}`, '/1.1/account/verify_credentials.json');
    expect(answer.status).toBe(403);
    const upload = await fetch(new URL('/1.1/media/upload.json?command=STATUS&media_id=1', sandbox.url), {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(upload.status).toBe(403);
  });

  it('checks scopes per endpoint: media.write for uploads, tweet.write for posts', async () => {
    const readOnly = await signIn('tweet.read users.read');
    expect((await me(`Bearer ${readOnly.access_token}`)).status).toBe(200);
    const init = await fetch(new URL('/2/media/upload/initialize', sandbox.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${readOnly.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ media_type: 'image/png', total_bytes: 10, media_category: 'tweet_image' }),
    });
    expect(init.status).toBe(403);
    expect(JSON.stringify(await init.json())).toContain('media.write');
    const post = await fetch(new URL('/2/tweets', sandbox.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${readOnly.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hello' }),
    });
    expect(post.status).toBe(403);
    expect(JSON.stringify(await post.json())).toContain('tweet.write');

    const writer = await signIn();
    const allowed = await fetch(new URL('/2/media/upload/initialize', sandbox.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${writer.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ media_type: 'image/png', total_bytes: 10, media_category: 'tweet_image' }),
    });
    expect(allowed.status).toBe(200);
  });

  it('an unknown token is 401', async () => {
    expect((await me('Bearer not-a-token')).status).toBe(401);
  });
});
