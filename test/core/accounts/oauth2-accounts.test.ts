// OAuth 2.0 accounts end to end in one process, against the sandbox: sign-in adds a verified account
// whose tokens are only in the secret store; Bearer clients refresh before expiry and after a 401,
// one refresh at a time even with two registries (two processes' worth) on one ledger; a grant X
// revoked marks the account "sign in again" and keeps its sessions; failed sign-ins leave nothing;
// removing the account revokes the grant.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openAccounts, type AccountConnections, type AccountRegistry } from '../../../main/core/accounts/registry.ts';
import { Ledger } from '../../../main/core/ledger/index.ts';
import { startSandbox, type Sandbox } from '../../../main/core/sandbox/index.ts';
import { createUploadClient } from '../../../main/core/x-api/index.ts';
import { InMemorySecretStore } from '../../fakes/secret-store.ts';
import { answerConsent, followRedirect, playBrowser } from '../../fakes/oauth2-browser.ts';
import { newSession } from '../../fakes/session-builder.ts';
import { failureOf } from '../../fakes/failure-of.ts';
import { XferFailure, xferError } from '../../../main/common/errors.ts';

let sandbox: Sandbox;
let dataDir: string;
let ledger: Ledger;
let secrets: InMemorySecretStore;
let registry: AccountRegistry;
let connections: AccountConnections;
/** How far the sandbox's clock is ahead of ours (X's tokens can die before the client expects). */
let skewMs: number;

beforeEach(async () => {
  skewMs = 0;
  sandbox = await startSandbox({ now: () => Date.now() + skewMs });
  dataDir = await mkdtemp(join(tmpdir(), 'xfer-oauth2-'));
  ledger = Ledger.open(join(dataDir, 'ledger.sqlite'));
  secrets = new InMemorySecretStore();
  ({ registry, connections } = openAccounts({ repository: ledger, secrets, refreshLease: ledger }));
});
afterEach(async () => {
  ledger.close();
  await sandbox.close();
  await rm(dataDir, { recursive: true, force: true });
});

const input = (name = 'alice') => ({
  name,
  clientId: sandbox.oauth2ClientId,
  redirectUri: 'http://127.0.0.1:0/callback',
  apiBase: sandbox.url,
});

async function signIn(name = 'alice') {
  const started = await registry.startOAuth2SignIn(input(name));
  await playBrowser(started.authorizeUrl);
  return registry.finishOAuth2SignIn(started.signInId);
}

async function clientFor(accountId: string, from = connections) {
  return createUploadClient(await from.connectionFor(accountId));
}

describe('adding an OAuth 2.0 account', () => {
  it('adds a verified account; its tokens are only in the secret store', async () => {
    const account = await signIn();
    expect(account).toMatchObject({
      name: 'alice',
      kind: 'x',
      userId: sandbox.users[0]?.userId,
      screenName: sandbox.users[0]?.screenName,
      api: 'v2',
      apiBase: sandbox.url,
      oauth2: { clientId: sandbox.oauth2ClientId, signInAgain: false },
    });
    expect(account.verifiedAt).not.toBeNull();
    expect(account.oauth2?.accessExpiresAt).toBeGreaterThan(Date.now());
    const stored = JSON.parse([...secrets.entries.values()][0] ?? '{}') as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['accessToken', 'expiresAt', 'kind', 'obtainedAt', 'refreshToken']);
    expect(JSON.stringify(ledger.listAccounts())).not.toContain(String(stored.refreshToken));
    expect(JSON.stringify(ledger.listAccounts())).not.toContain(String(stored.accessToken));
    expect((await (await clientFor(account.id)).verifyCredentials()).userId).toBe(sandbox.users[0]?.userId);
  });

  it('refuses v1.1 before the browser opens, with the reason', async () => {
    const error = await failureOf(registry.startOAuth2SignIn({ ...input(), api: 'v1.1' }));
    expect(error.kind).toBe('validation');
    expect(error.message).toMatch(/v1\.1 .*OAuth 1\.0a/);
  });

  for (const [what, run] of [
    ['denied consent', async (url: string) => void (await playBrowser(url, 'deny'))],
    [
      'wrong state',
      async (url: string) => {
        const { location } = await answerConsent(url);
        const forged = new URL(location);
        forged.searchParams.set('state', 'forged');
        await followRedirect(forged.href);
      },
    ],
  ] as const) {
    it(`${what}: a clear error, no account, no secret, no live grant`, async () => {
      const started = await registry.startOAuth2SignIn(input());
      await run(started.authorizeUrl);
      const error = await failureOf(registry.finishOAuth2SignIn(started.signInId));
      expect(error.kind).toBe('auth');
      expect(error.message.length).toBeGreaterThan(10);
      expect(ledger.listAccounts()).toEqual([]);
      expect(secrets.entries.size).toBe(0);
      expect(sandbox.oauth2.liveGrants()).toBe(0);
    });
  }

  // The code exchange itself going wrong, seen from the account: the test sits between Xfer and X's token
  // endpoint (Xfer's fetch is the global one) and changes what one authorization_code request does.
  const isCodeExchange = (url: string, init?: RequestInit) =>
    url.endsWith('/2/oauth2/token') && String(init?.body).includes('grant_type=authorization_code');
  for (const [what, expected, tamper] of [
    [
      'wrong verifier',
      /code verifier did not match/,
      (url: string, init: RequestInit, real: typeof fetch) => {
        const body = new URLSearchParams(String(init.body));
        body.set('code_verifier', `${body.get('code_verifier')?.slice(1)}x`);
        return real(url, { ...init, body });
      },
    ],
    [
      'reused code',
      /invalid_grant/,
      async (url: string, init: RequestInit, real: typeof fetch) => {
        await (await real(url, { ...init })).text(); // someone redeemed it first: the second use is refused
        return real(url, init);
      },
    ],
    [
      'a grant revoked before the account is verified',
      /refused the credentials/,
      async (url: string, init: RequestInit, real: typeof fetch) => {
        const answer = await real(url, init);
        const { access_token } = (await answer.clone().json()) as { access_token: string };
        const revoked = await real(new URL('/2/oauth2/revoke', sandbox.url), {
          method: 'POST',
          body: new URLSearchParams({ token: access_token, client_id: sandbox.oauth2ClientId }),
        });
        expect(revoked.status).toBe(200);
        return answer;
      },
    ],
  ] as const) {
    it(`${what}: a clear error, no account, no secret, no live grant`, async () => {
      const real = globalThis.fetch;
      let tampered = 0;
      const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        if (!isCodeExchange(url, init)) return real(input, init);
        tampered += 1;
        return tamper(url, init!, real);
      });
      try {
        const started = await registry.startOAuth2SignIn(input());
        await playBrowser(started.authorizeUrl);
        const error = await failureOf(registry.finishOAuth2SignIn(started.signInId));
        expect(tampered).toBe(1);
        expect(error.retryable).toBe(false);
        expect(error.message).toMatch(expected);
        expect(error.message.length).toBeGreaterThan(10);
      } finally {
        spy.mockRestore();
      }
      expect(ledger.listAccounts()).toEqual([]);
      expect(secrets.entries.size).toBe(0);
      expect(sandbox.oauth2.liveGrants()).toBe(0);
    });
  }

  it('timeout: no account, no secret', async () => {
    const started = await registry.startOAuth2SignIn({ ...input(), timeoutMs: 50 });
    expect((await failureOf(registry.finishOAuth2SignIn(started.signInId))).message).toMatch(
      /No answer from the browser/,
    );
    expect(ledger.listAccounts()).toEqual([]);
    expect(secrets.entries.size).toBe(0);
  });

  it("a name taken while the user was in the browser: X's grant is revoked and nothing is stored", async () => {
    const started = await registry.startOAuth2SignIn(input('bob'));
    await signIn('bob'); // another sign-in with the same name wins first
    const before = secrets.entries.size;
    await playBrowser(started.authorizeUrl);
    expect((await failureOf(registry.finishOAuth2SignIn(started.signInId))).message).toMatch(/already exists/);
    expect(secrets.entries.size).toBe(before);
    expect(sandbox.oauth2.liveGrants()).toBe(1);
  });

  it('cancel ends the sign-in', async () => {
    const started = await registry.startOAuth2SignIn(input());
    registry.cancelOAuth2SignIn(started.signInId);
    expect((await failureOf(registry.finishOAuth2SignIn(started.signInId))).kind).toBe('cancelled');
    expect(ledger.listAccounts()).toEqual([]);
  });
});

describe('refreshing', () => {
  it('refreshes shortly before expiry, and stores the new refresh token before using the access token', async () => {
    sandbox.oauth2.setLifetimes({ accessTokenSecs: 1 });
    const account = await signIn();
    const client = await clientFor(account.id);
    const before = [...secrets.entries.values()][0];
    await new Promise((resolve) => setTimeout(resolve, 900)); // inside the last fifth of the token's life
    await client.verifyCredentials();
    expect([...secrets.entries.values()][0]).not.toBe(before);
    expect(sandbox.oauth2.refreshTokenUses().map((use) => use.uses)).toEqual([1, 0]);
    expect(ledger.getAccount(account.id)?.oauth2?.accessExpiresAt).toBeGreaterThan(Date.now());
  });

  it('never uses a new access token whose refresh token could not be stored (the keychain write comes first)', async () => {
    sandbox.oauth2.setLifetimes({ accessTokenSecs: 1 });
    const account = await signIn();
    const client = await clientFor(account.id);
    await new Promise((resolve) => setTimeout(resolve, 900)); // due for a refresh
    const sent = sandbox.oauth2.bearerRequests().length;
    const refusing = vi
      .spyOn(secrets, 'set')
      .mockRejectedValue(new XferFailure(xferError('environment', 'The keychain is locked')));
    try {
      expect((await failureOf(client.verifyCredentials())).message).toBe('The keychain is locked');
    } finally {
      refusing.mockRestore();
    }
    expect(sandbox.oauth2.refreshTokenUses().map((use) => use.uses)).toEqual([1, 0]); // X did rotate
    expect(sandbox.oauth2.bearerRequests()).toHaveLength(sent); // but the new access token never went out
  });

  it('after a 401 (the token died at X before its time here) it refreshes once and the request goes through', async () => {
    const account = await signIn();
    const client = await clientFor(account.id);
    await client.verifyCredentials();
    skewMs = 7_300_000; // X's clock says the 2 h token is dead; ours says it is fresh
    expect((await client.verifyCredentials()).userId).toBe(sandbox.users[0]?.userId);
    expect(sandbox.oauth2.refreshTokenUses().map((use) => use.uses)).toEqual([1, 0]);
  });

  it('two registries on one ledger (the app and the CLI) share each refresh: every refresh token used once', async () => {
    sandbox.oauth2.setLifetimes({ accessTokenSecs: 1 });
    const account = await signIn();
    const other = openAccounts({ repository: ledger, secrets, refreshLease: ledger }).connections;
    const clients = [await clientFor(account.id), await clientFor(account.id, other)];
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 850));
      await Promise.all(clients.flatMap((client) => [client.verifyCredentials(), client.verifyCredentials()]));
    }
    const uses = sandbox.oauth2.refreshTokenUses().map((use) => use.uses);
    expect(uses.length).toBeGreaterThanOrEqual(3);
    expect(uses.slice(0, -1).every((count) => count === 1)).toBe(true);
    expect(uses.at(-1)).toBe(0);
    expect(sandbox.oauth2.liveGrants()).toBe(1);
  });

  it('a grant X revoked: the account says "sign in again" and keeps its sessions', async () => {
    sandbox.oauth2.setLifetimes({ accessTokenSecs: 1 });
    const account = await signIn();
    ledger.insertSessions([newSession({ accountId: account.id })]);
    const stored = JSON.parse([...secrets.entries.values()][0] ?? '{}') as { refreshToken: string };
    await fetch(new URL('/2/oauth2/revoke', sandbox.url), {
      method: 'POST',
      body: new URLSearchParams({ token: stored.refreshToken, client_id: sandbox.oauth2ClientId }),
    });
    const client = await clientFor(account.id);
    await new Promise((resolve) => setTimeout(resolve, 900));
    const error = await failureOf(client.verifyCredentials());
    expect(error).toMatchObject({ kind: 'auth', retryable: false });
    expect(error.message).toMatch(/sign in again/);
    expect(registry.get(account.id).oauth2?.signInAgain).toBe(true);
    expect(ledger.listSessions({ accountId: account.id })).toHaveLength(1);
    expect((await failureOf(connections.connectionFor(account.id))).message).toMatch(/sign in again/);
  });
});

describe('signing in again', () => {
  async function revokedAccount() {
    sandbox.oauth2.setLifetimes({ accessTokenSecs: 1 });
    const account = await signIn();
    ledger.insertSessions([newSession({ accountId: account.id })]);
    const stored = JSON.parse([...secrets.entries.values()][0] ?? '{}') as { refreshToken: string };
    await fetch(new URL('/2/oauth2/revoke', sandbox.url), {
      method: 'POST',
      body: new URLSearchParams({ token: stored.refreshToken, client_id: sandbox.oauth2ClientId }),
    });
    await new Promise((resolve) => setTimeout(resolve, 900));
    await failureOf((await clientFor(account.id)).verifyCredentials());
    expect(registry.get(account.id).oauth2?.signInAgain).toBe(true);
    sandbox.oauth2.setLifetimes({ accessTokenSecs: 7200 });
    return account;
  }

  it('replaces the tokens of the same account: same id, its sessions, working again', async () => {
    const account = await revokedAccount();
    const started = await registry.startOAuth2SignInAgain({
      accountId: account.id,
      redirectUri: 'http://127.0.0.1:0/callback',
    });
    await playBrowser(started.authorizeUrl);
    const again = await registry.finishOAuth2SignIn(started.signInId);
    expect(again).toMatchObject({ id: account.id, oauth2: { signInAgain: false } });
    expect(ledger.listAccounts()).toHaveLength(1);
    expect(ledger.listSessions({ accountId: account.id })).toHaveLength(1);
    expect((await (await clientFor(account.id)).verifyCredentials()).userId).toBe(account.userId);
    expect(secrets.entries.size).toBe(1);
  });

  it('as another X user: refused, the account still says "sign in again", the new grant revoked', async () => {
    const account = await revokedAccount();
    const started = await registry.startOAuth2SignInAgain({
      accountId: account.id,
      redirectUri: 'http://127.0.0.1:0/callback',
    });
    const { location } = await answerConsent(started.authorizeUrl, 'approve', sandbox.users[1]?.screenName);
    await followRedirect(location);
    const error = await failureOf(registry.finishOAuth2SignIn(started.signInId));
    expect(error.message).toMatch(/You signed in as @xfer_demo_two/);
    expect(registry.get(account.id).oauth2?.signInAgain).toBe(true);
    expect(sandbox.oauth2.liveGrants()).toBe(0);
  });
});

describe('removing', () => {
  it('revokes the grant at X and deletes the keychain entry', async () => {
    const account = await signIn();
    const stored = JSON.parse([...secrets.entries.values()][0] ?? '{}') as { refreshToken: string };
    expect(await registry.remove(account.id)).toEqual({ notice: null });
    expect(sandbox.oauth2.isRevoked(stored.refreshToken)).toBe(true);
    expect(secrets.entries.size).toBe(0);
  });
});
