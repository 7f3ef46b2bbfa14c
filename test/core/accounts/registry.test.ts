// The registry's rules, over in-memory fakes of the ledger, the keychain and X.
import { describe, expect, it } from 'vitest';
import { AccountRegistry, openAccounts, type AccountRegistryOptions } from '../../../main/core/accounts/registry.ts';
import { PIN_LOGIN_TTL_MS } from '../../../main/core/accounts/pin-logins.ts';
import {
  inMemoryRemovalMarker,
  SANDBOX_ORIGIN_MARKER,
  type SandboxConnection,
} from '../../../main/core/accounts/sandbox-account.ts';
import { fail, isXferFailure, type ErrorKind } from '../../../main/common/errors.ts';
import { InMemoryAccountRepository } from '../../fakes/account-repository.ts';
import { InMemorySecretStore } from '../../fakes/secret-store.ts';
import { fakeXApi } from './fake-x-api.ts';

function setup(overrides: Partial<AccountRegistryOptions> = {}) {
  const repository = new InMemoryAccountRepository();
  const secrets = new InMemorySecretStore();
  const xApi = fakeXApi();
  let clock = 1_700_000_000_000;
  const { registry, connections } = openAccounts({ repository, secrets, xApi, now: () => clock, ...overrides });
  return { repository, secrets, xApi, registry, connections, advance: (ms: number) => (clock += ms), now: () => clock };
}

const app = { consumerKey: 'ck-app', consumerSecret: 'cs-app' };

async function failureKind(work: () => Promise<unknown>): Promise<ErrorKind> {
  try {
    await work();
  } catch (thrown) {
    if (isXferFailure(thrown)) return thrown.error.kind;
    throw thrown;
  }
  throw new Error('expected a failure');
}

const sandbox: SandboxConnection = {
  url: 'http://127.0.0.1:43210',
  consumerKey: 'sandbox-ck',
  consumerSecret: 'sandbox-cs',
  users: [
    { userId: '1880000000000000001', screenName: 'xfer_demo', token: 'sandbox-t1', tokenSecret: 'sandbox-ts1' },
    { userId: '1880000000000000002', screenName: 'xfer_demo_two', token: 'sandbox-t2', tokenSecret: 'sandbox-ts2' },
  ],
};

describe('the secret accessors', () => {
  it('are a capability: only openAccounts hands them out, the registry itself has none', async () => {
    const { registry, connections, xApi } = setup();
    xApi.identities.set('t-alice', { userId: '1', screenName: 'alice' });
    const account = await registry.addWithTokens({ name: 'alice', ...app, token: 't-alice', tokenSecret: 'ts-alice' });
    for (const accessor of ['secretsFor', 'connectionFor']) expect(accessor in registry, accessor).toBe(false);
    expect((await connections.secretsFor(account.id)).tokenSecret).toBe('ts-alice');
  });
});

describe("reading an account's secrets", () => {
  /** A keychain that counts its reads (each is a D-Bus round trip on Linux). */
  function countingSecrets() {
    const store = new InMemorySecretStore();
    let reads = 0;
    const get = store.get.bind(store);
    store.get = async (key) => {
      reads++;
      return get(key);
    };
    return { store, reads: () => reads };
  }

  it('reads the keychain once per account, however many clients are built for it', async () => {
    const { store, reads } = countingSecrets();
    const { registry, connections } = setup({ secrets: store });
    const account = await registry.addWithTokens({ name: 'a', ...app, token: 't', tokenSecret: 's', offline: true });
    const other = await registry.addWithTokens({ name: 'b', ...app, token: 't2', tokenSecret: 's2', offline: true });
    for (let upload = 0; upload < 5; upload++) {
      expect((await connections.connectionFor(account.id)).credentials).toMatchObject({ token: 't', tokenSecret: 's' });
    }
    expect((await connections.secretsFor(other.id)).tokenSecret).toBe('s2');
    expect(reads()).toBe(2);
  });

  it('reads them again once the account was removed and added back (a new id, maybe new tokens)', async () => {
    const { store, reads } = countingSecrets();
    const { registry, connections } = setup({ secrets: store });
    const first = await registry.addWithTokens({ name: 'a', ...app, token: 't', tokenSecret: 's', offline: true });
    await connections.secretsFor(first.id);
    await registry.remove(first.id);
    expect(await failureKind(() => connections.secretsFor(first.id))).toBe('not_found');
    const again = await registry.addWithTokens({ name: 'a', ...app, token: 'u', tokenSecret: 'v', offline: true });
    expect((await connections.secretsFor(again.id)).tokenSecret).toBe('v');
    expect(reads()).toBe(2);
  });

  it('hands out a copy: a caller changing what it got does not change what the next one gets', async () => {
    const { registry, connections } = setup();
    const account = await registry.addWithTokens({ name: 'a', ...app, token: 't', tokenSecret: 's', offline: true });
    (await connections.secretsFor(account.id)).tokenSecret = 'changed';
    expect((await connections.secretsFor(account.id)).tokenSecret).toBe('s');
  });
});

describe('adding with tokens', () => {
  it('verifies against X and records who the tokens belong to', async () => {
    const { registry, xApi, now } = setup();
    xApi.identities.set('t-alice', { userId: '1234567890123456789', screenName: 'alice' });
    const account = await registry.addWithTokens({ name: 'alice', ...app, token: 't-alice', tokenSecret: 'ts-alice' });
    expect(account).toMatchObject({
      name: 'alice',
      kind: 'x',
      userId: '1234567890123456789',
      screenName: 'alice',
      verifiedAt: now(),
    });
    expect(registry.list()).toEqual([account]);
  });

  it('keeps the four secrets in the secret store and nowhere in the row', async () => {
    const { registry, connections, xApi, secrets, repository } = setup();
    xApi.identities.set('t-alice', { userId: '1', screenName: 'alice' });
    const account = await registry.addWithTokens({ name: 'alice', ...app, token: 't-alice', tokenSecret: 'ts-alice' });
    expect(await connections.secretsFor(account.id)).toEqual({ ...app, token: 't-alice', tokenSecret: 'ts-alice' });
    expect([...secrets.entries.keys()]).toEqual([`account:${account.id}`]);
    const row = JSON.stringify(repository.listAccounts());
    for (const secret of ['cs-app', 't-alice', 'ts-alice']) expect(row).not.toContain(secret);
  });

  it("defaults to API v2, the standard tier and X's own hosts", async () => {
    const { registry, xApi } = setup();
    xApi.identities.set('t', { userId: '1', screenName: 'a' });
    const account = await registry.addWithTokens({ name: 'a', ...app, token: 't', tokenSecret: 's' });
    expect(account).toMatchObject({
      api: 'v2',
      tier: 'standard',
      apiBase: 'https://api.x.com',
      uploadBase: 'https://upload.twitter.com',
    });
  });

  it('uses an API base alone for uploads too, and verifies there', async () => {
    const { registry, xApi } = setup();
    xApi.identities.set('t', { userId: '1', screenName: 'a' });
    const account = await registry.addWithTokens({
      name: 'a',
      ...app,
      token: 't',
      tokenSecret: 's',
      api: 'v1.1',
      apiBase: 'http://127.0.0.1:9/',
    });
    expect(account).toMatchObject({ api: 'v1.1', apiBase: 'http://127.0.0.1:9', uploadBase: 'http://127.0.0.1:9' });
    expect(xApi.verified).toEqual([
      { token: 't', api: 'v1.1', apiBase: 'http://127.0.0.1:9', uploadBase: 'http://127.0.0.1:9' },
    ]);
  });

  it('keeps a separate upload base when both are given', async () => {
    const { registry, xApi } = setup();
    xApi.identities.set('t', { userId: '1', screenName: 'a' });
    const account = await registry.addWithTokens({
      name: 'a',
      ...app,
      token: 't',
      tokenSecret: 's',
      apiBase: 'https://proxy.example/x',
      uploadBase: 'https://up.example',
    });
    expect(account).toMatchObject({ apiBase: 'https://proxy.example/x', uploadBase: 'https://up.example' });
  });

  it('lets several accounts share one X app', async () => {
    const { registry, connections, xApi } = setup();
    xApi.identities.set('t1', { userId: '1', screenName: 'one' });
    xApi.identities.set('t2', { userId: '2', screenName: 'two' });
    const one = await registry.addWithTokens({ name: 'one', ...app, token: 't1', tokenSecret: 's1' });
    const two = await registry.addWithTokens({ name: 'two', ...app, token: 't2', tokenSecret: 's2' });
    expect((await connections.secretsFor(one.id)).token).toBe('t1');
    expect(await connections.secretsFor(two.id)).toEqual({ ...app, token: 't2', tokenSecret: 's2' });
  });

  it('refuses credentials X rejects and saves nothing', async () => {
    const { registry, secrets } = setup();
    expect(
      await failureKind(() => registry.addWithTokens({ name: 'a', ...app, token: 'unknown', tokenSecret: 's' })),
    ).toBe('auth');
    expect(registry.list()).toEqual([]);
    expect(secrets.entries.size).toBe(0);
  });

  it('refuses a name that is taken, whatever its case', async () => {
    const { registry, xApi } = setup();
    xApi.identities.set('t', { userId: '1', screenName: 'a' });
    await registry.addWithTokens({ name: 'Alice', ...app, token: 't', tokenSecret: 's' });
    expect(
      await failureKind(() => registry.addWithTokens({ name: 'alice', ...app, token: 't', tokenSecret: 's' })),
    ).toBe('validation');
  });

  it('refuses names with spaces or slashes', async () => {
    const { registry } = setup();
    for (const name of ['', 'a b', 'a/b', 'x'.repeat(65)]) {
      expect(
        await failureKind(() => registry.addWithTokens({ name, ...app, token: 't', tokenSecret: 's', offline: true })),
      ).toBe('bad_request');
    }
  });

  it('refuses an API base that is not an http(s) URL', async () => {
    const { registry } = setup();
    const add = (apiBase: string) =>
      registry.addWithTokens({ name: 'a', ...app, token: 't', tokenSecret: 's', offline: true, apiBase });
    expect(await failureKind(() => add('ftp://x.example'))).toBe('bad_request');
    expect(await failureKind(() => add('not a url'))).toBe('bad_request');
  });

  it('saves an offline account unverified, without calling X', async () => {
    const { registry, xApi } = setup();
    const account = await registry.addWithTokens({ name: 'a', ...app, token: 't', tokenSecret: 's', offline: true });
    expect(account).toMatchObject({ verifiedAt: null, userId: null, screenName: null });
    expect(xApi.verified).toEqual([]);
  });

  it('leaves no row behind when the keychain refuses the secrets', async () => {
    const secrets = new InMemorySecretStore();
    secrets.set = async () => fail('environment', 'no keychain');
    const { registry } = setup({ secrets });
    expect(
      await failureKind(() =>
        registry.addWithTokens({ name: 'a', ...app, token: 't', tokenSecret: 's', offline: true }),
      ),
    ).toBe('environment');
    expect(registry.list()).toEqual([]);
  });

  it('tells listeners about the new list', async () => {
    const { registry } = setup();
    const seen: string[][] = [];
    registry.onChanged((accounts) => seen.push(accounts.map((account) => account.name)));
    await registry.addWithTokens({ name: 'a', ...app, token: 't', tokenSecret: 's', offline: true });
    expect(seen).toEqual([['a']]);
  });
});

describe('verifying', () => {
  it('verifies an offline account and fills its identity', async () => {
    const { registry, xApi, advance, now } = setup();
    const added = await registry.addWithTokens({ name: 'a', ...app, token: 't', tokenSecret: 's', offline: true });
    xApi.identities.set('t', { userId: '42', screenName: 'answer' });
    advance(5000);
    const verified = await registry.verify(added.id);
    expect(verified).toMatchObject({ userId: '42', screenName: 'answer', verifiedAt: now() });
    expect(registry.get(added.id)).toEqual(verified);
  });

  it('refuses tokens that now belong to someone else', async () => {
    const { registry, xApi } = setup();
    xApi.identities.set('t', { userId: '1', screenName: 'first' });
    const account = await registry.addWithTokens({ name: 'a', ...app, token: 't', tokenSecret: 's' });
    xApi.identities.set('t', { userId: '2', screenName: 'second' });
    expect(await failureKind(() => registry.verify(account.id))).toBe('auth');
    expect(registry.get(account.id).userId).toBe('1');
  });

  it('says an unknown account is not found', async () => {
    const { registry } = setup();
    expect(await failureKind(() => registry.verify('acc_missing'))).toBe('not_found');
  });
});

describe('removing', () => {
  it('deletes the keychain entry and asks the repository to delete (and detach) the row', async () => {
    const { registry, connections, secrets, repository } = setup();
    const account = await registry.addWithTokens({ name: 'a', ...app, token: 't', tokenSecret: 's', offline: true });
    await registry.remove(account.id);
    expect(secrets.entries.size).toBe(0);
    expect(repository.deleted).toEqual([account.id]);
    expect(registry.list()).toEqual([]);
    expect(await failureKind(() => connections.secretsFor(account.id))).toBe('not_found');
  });

  it('keeps the row when the keychain cannot delete the secrets, so nothing is orphaned', async () => {
    const secrets = new InMemorySecretStore();
    const { registry } = setup({ secrets });
    const account = await registry.addWithTokens({ name: 'a', ...app, token: 't', tokenSecret: 's', offline: true });
    secrets.delete = async () => fail('environment', 'locked');
    expect(await failureKind(() => registry.remove(account.id))).toBe('environment');
    expect(registry.list().map((listed) => listed.id)).toEqual([account.id]);
  });
});

describe('PIN login', () => {
  it('returns the page to approve, then turns the PIN into a verified account', async () => {
    const { registry, connections, xApi, secrets } = setup();
    const started = await registry.startPinLogin({
      name: 'pinned',
      ...app,
      apiBase: 'http://127.0.0.1:9',
      tier: 'premium',
    });
    expect(started.authorizeUrl).toBe('http://127.0.0.1:9/oauth/authorize?oauth_token=request-1');
    const account = await registry.finishPinLogin(started.loginId, xApi.pins.get('request-1')!);
    expect(account).toMatchObject({
      name: 'pinned',
      userId: '501',
      screenName: 'pin_user_1',
      tier: 'premium',
      apiBase: 'http://127.0.0.1:9',
    });
    expect(await connections.secretsFor(account.id)).toEqual({
      ...app,
      token: 'access-1',
      tokenSecret: 'access-secret-1',
    });
    expect(JSON.stringify([...secrets.entries.values()])).not.toContain('request-secret-1');
  });

  it("says a refused PIN is wrong or has expired, keeping X's words as the detail", async () => {
    const { registry } = setup();
    const started = await registry.startPinLogin({ name: 'pinned', ...app });
    const refused = await registry.finishPinLogin(started.loginId, '0000000').catch((thrown: unknown) => thrown);
    expect(isXferFailure(refused) && refused.error).toMatchObject({
      kind: 'auth',
      message: expect.stringMatching(
        /^That PIN is wrong or has expired: .*\(X said: Invalid or expired token \(89\)\)$/,
      ),
    });
  });

  it('keeps the login open after a wrong PIN', async () => {
    const { registry, xApi } = setup();
    const started = await registry.startPinLogin({ name: 'pinned', ...app });
    expect(await failureKind(() => registry.finishPinLogin(started.loginId, '0000000'))).toBe('auth');
    const account = await registry.finishPinLogin(started.loginId, xApi.pins.get('request-1')!);
    expect(account.name).toBe('pinned');
  });

  it('uses a login only once', async () => {
    const { registry, xApi } = setup();
    const started = await registry.startPinLogin({ name: 'pinned', ...app });
    await registry.finishPinLogin(started.loginId, xApi.pins.get('request-1')!);
    expect(await failureKind(() => registry.finishPinLogin(started.loginId, xApi.pins.get('request-1')!))).toBe(
      'not_found',
    );
  });

  it('forgets a login left open too long', async () => {
    const { registry, xApi, advance } = setup();
    const started = await registry.startPinLogin({ name: 'pinned', ...app });
    advance(PIN_LOGIN_TTL_MS + 1);
    expect(await failureKind(() => registry.finishPinLogin(started.loginId, xApi.pins.get('request-1')!))).toBe(
      'not_found',
    );
  });

  it('refuses to start when the keychain could not keep the result', async () => {
    const secrets = Object.assign(new InMemorySecretStore(), {
      ensureAvailable: async () => fail('environment', 'no keychain'),
    });
    const { registry, xApi } = setup({ secrets });
    expect(await failureKind(() => registry.startPinLogin({ name: 'pinned', ...app }))).toBe('environment');
    expect(xApi.pins.size).toBe(0);
  });

  it('refuses to start under a name that is taken', async () => {
    const { registry } = setup();
    await registry.addWithTokens({ name: 'taken', ...app, token: 't', tokenSecret: 's', offline: true });
    expect(await failureKind(() => registry.startPinLogin({ name: 'taken', ...app }))).toBe('validation');
  });
});

describe('the sandbox account', () => {
  it('is created on a fresh install, with a marker instead of the port in the row', () => {
    const { registry, repository } = setup();
    const account = registry.ensureSandboxAccount(sandbox);
    expect(account).toMatchObject({
      name: 'sandbox',
      kind: 'sandbox',
      userId: '1880000000000000001',
      apiBase: sandbox.url,
      uploadBase: sandbox.url,
    });
    expect(repository.listAccounts()[0]).toMatchObject({
      apiBase: SANDBOX_ORIGIN_MARKER,
      uploadBase: SANDBOX_ORIGIN_MARKER,
    });
  });

  it('resolves its origin and demo credentials from the sandbox of this run, not the keychain', async () => {
    const { registry, connections, secrets } = setup();
    const account = registry.ensureSandboxAccount(sandbox)!;
    registry.ensureSandboxAccount({ ...sandbox, url: 'http://127.0.0.1:50000' });
    expect(secrets.entries.size).toBe(0);
    expect(await connections.connectionFor(account.id)).toEqual({
      api: 'v2',
      endpoints: { apiBase: 'http://127.0.0.1:50000', uploadBase: 'http://127.0.0.1:50000' },
      credentials: {
        consumerKey: 'sandbox-ck',
        consumerSecret: 'sandbox-cs',
        token: 'sandbox-t1',
        tokenSecret: 'sandbox-ts1',
      },
    });
    expect(registry.list()).toHaveLength(1);
  });

  it('cannot send when no sandbox runs in this process', async () => {
    const repository = new InMemoryAccountRepository();
    const first = new AccountRegistry({ repository, secrets: new InMemorySecretStore(), xApi: fakeXApi() });
    const account = first.ensureSandboxAccount(sandbox)!;
    const later = openAccounts({ repository, secrets: new InMemorySecretStore(), xApi: fakeXApi() });
    expect(later.registry.get(account.id).apiBase).toBe(SANDBOX_ORIGIN_MARKER);
    expect(await failureKind(() => later.connections.connectionFor(account.id))).toBe('environment');
  });

  it('is not re-created after the user removed it, unless restored', async () => {
    const sandboxRemoval = inMemoryRemovalMarker();
    const { registry } = setup({ sandboxRemoval });
    const account = registry.ensureSandboxAccount(sandbox)!;
    await registry.remove(account.id);
    expect(registry.ensureSandboxAccount(sandbox)).toBeNull();
    expect(registry.list()).toEqual([]);
    expect(sandboxRemoval.isRemoved()).toBe(true);
    expect(registry.ensureSandboxAccount(sandbox, { restore: true })).toMatchObject({ kind: 'sandbox' });
  });

  it('counts as verified, with no call to X, when the connection comes from a sandbox this process started', () => {
    const { registry, xApi, now } = setup();
    const account = registry.ensureSandboxAccount(sandbox, { verified: true })!;
    expect(account).toMatchObject({ verifiedAt: now(), userId: '1880000000000000001', screenName: 'xfer_demo' });
    expect(registry.get(account.id).verifiedAt).toBe(now());
    expect(xApi.verified).toEqual([]);
  });

  it('stays unverified for a connection it was only told about', () => {
    const { registry } = setup();
    expect(registry.ensureSandboxAccount(sandbox)).toMatchObject({ verifiedAt: null });
  });

  it('an existing unverified sandbox account becomes verified on the next start of its sandbox, and tells listeners', () => {
    const { registry, advance, now } = setup();
    const account = registry.ensureSandboxAccount(sandbox)!;
    const seen: (number | null)[] = [];
    registry.onChanged((accounts) => seen.push(accounts[0]!.verifiedAt));
    advance(1_000);
    expect(registry.ensureSandboxAccount(sandbox, { verified: true })).toMatchObject({
      id: account.id,
      verifiedAt: now(),
      apiBase: sandbox.url,
    });
    expect(registry.get(account.id).verifiedAt).toBe(now());
    expect(seen).toEqual([now()]);
  });

  it('verifies as the first demo user', async () => {
    const { registry, xApi } = setup();
    xApi.identities.set('sandbox-t1', { userId: '1880000000000000001', screenName: 'xfer_demo' });
    const account = registry.ensureSandboxAccount(sandbox)!;
    const verified = await registry.verify(account.id);
    expect(verified.verifiedAt).not.toBeNull();
    expect(xApi.verified[0]).toMatchObject({ apiBase: sandbox.url, token: 'sandbox-t1' });
  });
});

describe('editing after adding', () => {
  it('renames an account and changes its tier, keeping who it is', async () => {
    const { registry, connections, xApi } = setup();
    xApi.identities.set('t-alice', { userId: '1', screenName: 'alice' });
    const added = await registry.addWithTokens({ name: 'alice', ...app, token: 't-alice', tokenSecret: 'ts-alice' });
    const edited = registry.edit(added.id, { name: 'Work', tier: 'premium' });
    expect(edited).toEqual({ ...added, name: 'Work', tier: 'premium' });
    expect(registry.getByName('Work').id).toBe(added.id);
    expect(await connections.secretsFor(added.id)).toMatchObject({ token: 't-alice' });
  });

  it('refuses a name another account has (any case) or that breaks the rule; its own name in another case is fine', async () => {
    const { registry, xApi } = setup();
    xApi.identities.set('t-a', { userId: '1', screenName: 'a' });
    xApi.identities.set('t-b', { userId: '2', screenName: 'b' });
    const alice = await registry.addWithTokens({ name: 'alice', ...app, token: 't-a', tokenSecret: 's' });
    await registry.addWithTokens({ name: 'bob', ...app, token: 't-b', tokenSecret: 's' });
    expect(await failureKind(async () => registry.edit(alice.id, { name: 'BOB' }))).toBe('validation');
    expect(await failureKind(async () => registry.edit(alice.id, { name: 'a b' }))).toBe('bad_request');
    expect(registry.edit(alice.id, { name: 'Alice' }).name).toBe('Alice');
  });
});

describe('adding a sandbox user in one step', () => {
  it('adds the next demo user not yet added, verified, under a free name', () => {
    const { registry } = setup();
    registry.ensureSandboxAccount(sandbox, { verified: true });
    const second = registry.addSandboxUser();
    expect(second).toMatchObject({
      name: 'sandbox-2',
      kind: 'sandbox',
      screenName: 'xfer_demo_two',
      apiBase: sandbox.url,
      verifiedAt: expect.any(Number),
    });
    expect(registry.list().map((account) => account.screenName)).toEqual(['xfer_demo', 'xfer_demo_two']);
    expect(() => registry.addSandboxUser()).toThrow(/Every sandbox demo user/);
  });

  it('brings back the built-in user when it was removed', async () => {
    const { registry } = setup();
    const builtIn = registry.ensureSandboxAccount(sandbox)!;
    await registry.remove(builtIn.id);
    expect(registry.addSandboxUser()).toMatchObject({ name: 'sandbox', screenName: 'xfer_demo' });
  });
});
