// The registry over the real things: the SQLite ledger on disk and a real Secret Service.
// X itself is the scripted fake (the sandbox test covers the real protocol).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Entry } from '@napi-rs/keyring';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeychainSecretStore } from '../../../main/core/accounts/keychain.ts';
import { AccountRegistry, openAccounts, type AccountConnections } from '../../../main/core/accounts/registry.ts';
import { metaRemovalMarker, type SandboxConnection } from '../../../main/core/accounts/sandbox-account.ts';
import { Ledger } from '../../../main/core/ledger/index.ts';
import { startPrivateSecretService, type PrivateSecretService } from '../../setup/secret-service.ts';
import { fakeXApi, type FakeXApi } from './fake-x-api.ts';

const run = promisify(execFile);
const onLinux = process.platform === 'linux';

let secretService: PrivateSecretService;
beforeAll(async () => {
  secretService = await startPrivateSecretService();
});
afterAll(async () => {
  await secretService?.stop();
});

let dataDir: string;
let ledger: Ledger;
let service: string;
let xApi: FakeXApi;
let registry: AccountRegistry;
let connections: AccountConnections;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'xfer-accounts-'));
  ledger = Ledger.open(join(dataDir, 'ledger.sqlite'));
  service = `xfer-test-${randomUUID()}`;
  xApi = fakeXApi();
  ({ registry, connections } = openAccounts({
    repository: ledger,
    secrets: new KeychainSecretStore({ service }),
    xApi,
    sandboxRemoval: metaRemovalMarker(ledger),
  }));
});
afterEach(async () => {
  ledger.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Every item this test's service holds in the keychain, as secret-tool sees it. */
async function keychainItems(): Promise<string> {
  const { stdout, stderr } = await run('secret-tool', ['search', '--all', '--unlock', 'service', service], {
    env: secretService.env,
  });
  return `${stdout}${stderr}`;
}

describe('accounts in the ledger and the keychain', () => {
  it('adds an account, reads its secrets back from the keychain, and lists it', async () => {
    xApi.identities.set('token-alice', { userId: '1234567890123456789', screenName: 'alice' });
    const account = await registry.addWithTokens({
      name: 'alice',
      consumerKey: 'ck-alice',
      consumerSecret: 'cs-alice',
      token: 'token-alice',
      tokenSecret: 'ts-alice',
    });
    expect(await connections.secretsFor(account.id)).toEqual({
      consumerKey: 'ck-alice',
      consumerSecret: 'cs-alice',
      token: 'token-alice',
      tokenSecret: 'ts-alice',
    });
    expect(JSON.parse(new Entry(service, `account:${account.id}`).getPassword() ?? 'null')).toMatchObject({
      token: 'token-alice',
    });
    expect(ledger.listAccounts()).toEqual([account]);
    expect(registry.list()).toEqual([account]);
  });

  it('survives a restart: a new registry over the same ledger and keychain finds the secrets', async () => {
    const account = await registry.addWithTokens({
      name: 'a',
      consumerKey: 'k',
      consumerSecret: 's',
      token: 't',
      tokenSecret: 'ts',
      offline: true,
    });
    ledger.close();
    ledger = Ledger.open(join(dataDir, 'ledger.sqlite'));
    const reopened = openAccounts({ repository: ledger, secrets: new KeychainSecretStore({ service }), xApi });
    expect(reopened.registry.getByName('a').id).toBe(account.id);
    expect((await reopened.connections.secretsFor(account.id)).tokenSecret).toBe('ts');
  });

  it('removes the account: the keychain entry is gone and its sessions stay, detached', async () => {
    const account = await registry.addWithTokens({
      name: 'gone',
      consumerKey: 'k',
      consumerSecret: 's',
      token: 't',
      tokenSecret: 'ts',
      offline: true,
    });
    const session = ledger.insertSession({
      state: 'ready',
      file: '/tmp/a.png',
      fingerprint: { size: 1, mtimeMs: 1, edgeHash: 'h' },
      accountId: account.id,
      api: 'v2',
      totalBytes: 1,
      mediaType: 'image/png',
      mediaCategory: 'tweet_image',
      additionalOwners: [],
      altText: null,
      validation: null,
      chunkSize: 1,
      segmentsTotal: 1,
      notice: null,
    });
    if (onLinux) expect(await keychainItems()).toContain(`account:${account.id}`);
    await registry.remove(account.id);
    expect(new Entry(service, `account:${account.id}`).getPassword()).toBeNull();
    if (onLinux) expect(await keychainItems()).not.toContain(`account:${account.id}`);
    expect(registry.list()).toEqual([]);
    expect(ledger.getSession(session.id)).toMatchObject({ id: session.id, accountId: null });
  });

  it('remembers in the ledger that the sandbox account was removed', async () => {
    const sandbox: SandboxConnection = {
      url: 'http://127.0.0.1:1',
      consumerKey: 'k',
      consumerSecret: 's',
      users: [{ userId: '1', screenName: 'demo', token: 't', tokenSecret: 'ts' }],
    };
    const account = registry.ensureSandboxAccount(sandbox)!;
    await registry.remove(account.id);
    const nextRun = new AccountRegistry({
      repository: ledger,
      secrets: new KeychainSecretStore({ service }),
      xApi,
      sandboxRemoval: metaRemovalMarker(ledger),
    });
    expect(nextRun.ensureSandboxAccount(sandbox)).toBeNull();
    expect(nextRun.list()).toEqual([]);
  });
});

describe('secrets stay in the keychain', () => {
  it('leaves no secret in the data folder (ledger, -wal, -shm), the console, or the public listing', async () => {
    const distinctive = {
      consumerSecret: `consumer-secret-${randomUUID()}`,
      token: `token-${randomUUID()}`,
      tokenSecret: `token-secret-${randomUUID()}`,
    };
    const pinSecret = `pin-consumer-secret-${randomUUID()}`;
    const logged: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' '))),
    );
    const listings: string[] = [];
    registry.onChanged((accounts) => listings.push(JSON.stringify(accounts)));
    try {
      xApi.identities.set(distinctive.token, { userId: '7', screenName: 'seven' });
      const verified = await registry.addWithTokens({ name: 'seven', consumerKey: 'ck-seven', ...distinctive });
      const offline = await registry.addWithTokens({
        name: 'offline',
        consumerKey: 'ck-off',
        consumerSecret: distinctive.consumerSecret,
        token: `${distinctive.token}-2`,
        tokenSecret: `${distinctive.tokenSecret}-2`,
        offline: true,
      });
      const started = await registry.startPinLogin({
        name: 'pinned',
        consumerKey: 'ck-pin',
        consumerSecret: pinSecret,
      });
      const pinned = await registry.finishPinLogin(started.loginId, xApi.pins.get('request-1')!);
      listings.push(JSON.stringify(started));
      listings.push(JSON.stringify([verified, offline, pinned]));
      listings.push(JSON.stringify(registry.list()));
      listings.push(JSON.stringify(await registry.verify(offline.id).catch((failure: Error) => failure.message)));
      expect((await connections.secretsFor(pinned.id)).consumerSecret).toBe(pinSecret); // the secrets did get stored
    } finally {
      for (const spy of spies) spy.mockRestore();
    }

    const files = await readdir(dataDir);
    expect(files).toContain('ledger.sqlite-wal'); // WAL is on, so the newest rows are in the -wal file
    const fileTexts = await Promise.all(files.map((file) => readFile(join(dataDir, file), 'latin1')));
    const haystacks = [...fileTexts, logged.join('\n'), listings.join('\n')];
    const needles = [
      distinctive.consumerSecret,
      distinctive.token,
      distinctive.tokenSecret,
      pinSecret,
      'access-secret-1',
      'request-secret-1', // the PIN login's access and request token secrets
      'ck-seven',
      'ck-off',
      'ck-pin', // consumer keys live in the keychain too
    ];
    for (const haystack of haystacks) for (const needle of needles) expect(haystack).not.toContain(needle);
    // The check can see what it looks for: public facts of the same accounts are there.
    expect(fileTexts.join('\n')).toContain('seven');
    expect(listings.join('\n')).toContain('pinned');
  });
});
