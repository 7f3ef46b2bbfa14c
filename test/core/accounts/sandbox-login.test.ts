// End to end against the local X emulator: the real x-api calls (request token, access token,
// verify credentials), the real ledger and a real Secret Service.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KeychainSecretStore } from '../../../main/core/accounts/keychain.ts';
import { openAccounts, type AccountConnections, type AccountRegistry } from '../../../main/core/accounts/registry.ts';
import { isXferFailure, type ErrorKind } from '../../../main/common/errors.ts';
import { Ledger } from '../../../main/core/ledger/index.ts';
import { startSandbox, type Sandbox } from '../../../main/core/sandbox/index.ts';
import { startPrivateSecretService, type PrivateSecretService } from '../../setup/secret-service.ts';

let secretService: PrivateSecretService;
let sandbox: Sandbox;
beforeAll(async () => {
  secretService = await startPrivateSecretService();
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
  await secretService?.stop();
});

let dataDir: string;
let ledger: Ledger;
let registry: AccountRegistry;
let connections: AccountConnections;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'xfer-accounts-sandbox-'));
  ledger = Ledger.open(join(dataDir, 'ledger.sqlite'));
  ({ registry, connections } = openAccounts({
    repository: ledger,
    secrets: new KeychainSecretStore({ service: `xfer-test-${randomUUID()}` }),
  }));
});
afterEach(async () => {
  ledger.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function failureKind(work: () => Promise<unknown>): Promise<ErrorKind> {
  try {
    await work();
  } catch (thrown) {
    if (isXferFailure(thrown)) return thrown.error.kind;
    throw thrown;
  }
  throw new Error('expected a failure');
}

function requestTokenOf(authorizeUrl: string): string {
  return new URL(authorizeUrl).searchParams.get('oauth_token') ?? '';
}

const app = () => ({ consumerKey: sandbox.consumerKey, consumerSecret: sandbox.consumerSecret, apiBase: sandbox.url });

describe('PIN login against the sandbox', () => {
  for (const api of ['v2', 'v1.1'] as const) {
    it(`adds a verified account from the PIN the authorize page shows (${api})`, async () => {
      const started = await registry.startPinLogin({ name: `pinned-${api}`, ...app(), api });
      expect(started.authorizeUrl.startsWith(`${sandbox.url}/oauth/authorize?oauth_token=`)).toBe(true);
      const pin = sandbox.pinFor(requestTokenOf(started.authorizeUrl));
      expect(pin).toMatch(/^\d{7}$/);
      const account = await registry.finishPinLogin(started.loginId, pin!);
      const demo = sandbox.users[0]!;
      expect(account).toMatchObject({
        api,
        userId: demo.userId,
        screenName: demo.screenName,
        apiBase: sandbox.url,
        uploadBase: sandbox.url,
      });
      expect(account.verifiedAt).not.toBeNull();
      const secrets = await connections.secretsFor(account.id);
      expect(secrets.consumerSecret).toBe(sandbox.consumerSecret);
      // The stored tokens work: verifying again goes through the sandbox's signature check.
      expect((await registry.verify(account.id)).userId).toBe(demo.userId);
    });
  }

  it('logs in as whichever user approved', async () => {
    const second = sandbox.users[1]!;
    const started = await registry.startPinLogin({ name: 'second', ...app() });
    const pin = sandbox.pinFor(requestTokenOf(started.authorizeUrl), second.screenName);
    const account = await registry.finishPinLogin(started.loginId, pin!);
    expect(account).toMatchObject({ userId: second.userId, screenName: second.screenName });
  });

  it('refuses a PIN the page did not show, and saves nothing', async () => {
    const started = await registry.startPinLogin({ name: 'wrong-pin', ...app() });
    const pin = sandbox.pinFor(requestTokenOf(started.authorizeUrl))!;
    const wrong = pin === '1234567' ? '7654321' : '1234567';
    expect(await failureKind(() => registry.finishPinLogin(started.loginId, wrong))).toBe('auth');
    expect(registry.list()).toEqual([]);
  });

  it('refuses to start with a consumer secret the API does not know', async () => {
    expect(
      await failureKind(() => registry.startPinLogin({ name: 'bad-app', ...app(), consumerSecret: 'not-the-secret' })),
    ).toBe('auth');
  });
});

describe('tokens against the sandbox', () => {
  it('verifies demo tokens and records the identity', async () => {
    const demo = sandbox.users[1]!;
    const account = await registry.addWithTokens({
      name: 'tokens',
      ...app(),
      token: demo.token,
      tokenSecret: demo.tokenSecret,
    });
    expect(account).toMatchObject({ userId: demo.userId, screenName: demo.screenName });
  });

  it('refuses tokens the API rejects', async () => {
    const demo = sandbox.users[0]!;
    const add = () => registry.addWithTokens({ name: 'bad', ...app(), token: demo.token, tokenSecret: 'wrong-secret' });
    expect(await failureKind(add)).toBe('auth');
    expect(registry.list()).toEqual([]);
  });

  it('verifies the built-in sandbox account with credentials resolved from the running sandbox', async () => {
    const account = registry.ensureSandboxAccount(sandbox)!;
    const verified = await registry.verify(account.id);
    expect(verified).toMatchObject({ kind: 'sandbox', apiBase: sandbox.url, screenName: sandbox.users[0]!.screenName });
    expect(verified.verifiedAt).not.toBeNull();
  });
});
