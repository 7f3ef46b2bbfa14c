// The composition root on its own: what works without a keychain, preferences feeding the engine,
// and a clean close.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SENDER_LOCK_FILE } from '../../main/app/sender-lock.ts';
import { openServices } from '../../main/app/services.ts';
import { wrapPreferenceStore } from '../../main/app/preferences.ts';
import type { SecretStore } from '../../main/core/accounts/types.ts';
import { fail } from '../../main/common/errors.ts';
import { toResult } from '../fakes/result.ts';
import { makePaddedVideo, makePng } from '../fixtures/media.ts';
import { PREFERENCE_DEFAULTS } from '../../main/common/preferences.ts';

/** A keychain that is not there, as on a Linux box without a Secret Service. */
class MissingKeychain implements SecretStore {
  get(): Promise<string | null> {
    fail('environment', 'No Secret Service is available');
  }
  set(): Promise<void> {
    fail('environment', 'No Secret Service is available');
  }
  delete(): Promise<boolean> {
    fail('environment', 'No Secret Service is available');
  }
  async ensureAvailable(): Promise<void> {
    fail('environment', 'No Secret Service is available');
  }
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xfer-services-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('openServices', () => {
  it('without a keychain: the sandbox account prepares and sends; adding an X account is an environment failure', async () => {
    const services = await openServices({ dataDir: join(dir, 'data'), secretStore: new MissingKeychain() });
    try {
      expect(await services.keychain()).toEqual({ ok: false, message: 'No Secret Service is available' });
      const added = await toResult(() =>
        services.accounts.addWithTokens({
          name: 'bob',
          consumerKey: 'k',
          consumerSecret: 's',
          token: 't',
          tokenSecret: 'ts',
          offline: true,
        }),
      );
      expect(added).toMatchObject({ ok: false, error: { kind: 'environment' } });

      await services.sandbox.ensure();
      const account = services.accounts.getByName('sandbox');
      const [session] = await services.prepare([
        { path: await makePng(dir, { width: 16, height: 16 }), accountId: account.id },
      ]);
      expect(session?.state).toBe('ready');
      expect(services.engine.send([session!.id]).queued).toBe(1);
      await services.engine.whenIdle();
      expect(services.ledger.requireSession(session!.id).state).toBe('succeeded');
    } finally {
      await services.close();
    }
  });

  it('records the segment hashes of a file just prepared before it closes, so its sender need not take them', async () => {
    const dataDir = join(dir, 'data');
    const path = await makePaddedVideo(dir, 40 * 1024 * 1024);
    const services = await openServices({ dataDir, secretStore: new MissingKeychain() });
    await services.sandbox.ensure();
    const account = services.accounts.getByName('sandbox');
    const [session] = await services.prepare([{ path, accountId: account.id }]);
    expect(session?.state).toBe('ready');
    await services.close(); // at once, as `xfer prepare` exits
    const reopened = await openServices({ dataDir, secretStore: new MissingKeychain() });
    try {
      expect(reopened.ledger.segmentHashes(session!.id)?.hashes).toHaveLength(session!.segmentsTotal);
    } finally {
      await reopened.close();
    }
  });

  it('counts alt text in code points, as the window and the IPC schema do: 600 emoji are 600 characters', async () => {
    const services = await openServices({ dataDir: join(dir, 'data'), secretStore: new MissingKeychain() });
    try {
      await services.sandbox.ensure();
      const account = services.accounts.getByName('sandbox');
      const image = await makePng(dir, { width: 16, height: 16 });
      const [session] = await services.prepare([{ path: image, accountId: account.id, altText: '😀'.repeat(600) }]);
      expect(session?.state).toBe('ready');
      expect(session?.altText).toBe('😀'.repeat(600));
      const tooLong = await toResult(() =>
        services.prepare([{ path: image, accountId: account.id, altText: '😀'.repeat(1001) }]),
      );
      expect(tooLong).toMatchObject({ ok: false, error: { message: expect.stringContaining('1001 characters') } });
    } finally {
      await services.close();
    }
  });

  it('starts no sandbox until something needs it, and closes twice without harm', async () => {
    const services = await openServices({ dataDir: join(dir, 'data'), secretStore: new MissingKeychain() });
    expect(services.sandbox.url()).toBeNull();
    expect(services.accounts.list()).toEqual([]);
    await services.close();
    await services.close();
  });

  it('keeps preferences in the data dir across openings', async () => {
    const first = await openServices({ dataDir: join(dir, 'data'), secretStore: new MissingKeychain() });
    expect(first.preferences.get('concurrency')).toBe(2);
    first.preferences.set('concurrency', 5);
    first.preferences.set('closeToTray', true);
    await first.close();
    const second = await openServices({ dataDir: join(dir, 'data'), secretStore: new MissingKeychain() });
    expect(second.preferences.all()).toEqual({ ...PREFERENCE_DEFAULTS, concurrency: 5, closeToTray: true });
    await second.close();
  });

  it('reads a desktop switch that holds anything but a boolean as its default', () => {
    const store = new Map<string, unknown>([
      ['closeToTray', 'yes'],
      ['notifications', 0],
    ]);
    const preferences = wrapPreferenceStore({
      get: (key) => store.get(key),
      set: (key, value) => store.set(key, value),
    });
    expect(preferences.get('closeToTray')).toBe(false);
    expect(preferences.get('notifications')).toBe(true);
    expect(preferences.get('firstRunSeen')).toBe(false);
  });

  it('refuses a data dir it cannot write as an environment failure', async () => {
    const result = await toResult(() => openServices({ dataDir: '/proc/xfer-cannot-be-here' }));
    expect(result).toMatchObject({ ok: false, error: { kind: 'environment' } });
  });
});

describe('one sender per data folder', () => {
  const lockFile = () => join(dir, 'data', SENDER_LOCK_FILE);

  it('holds the sender lock while the engine sends, and gives it back once idle', async () => {
    const services = await openServices({ dataDir: join(dir, 'data'), secretStore: new MissingKeychain() });
    try {
      await services.sandbox.ensure();
      const account = services.accounts.getByName('sandbox');
      const [session] = await services.prepare([
        { path: await makePng(dir, { width: 16, height: 16 }), accountId: account.id },
      ]);
      expect(existsSync(lockFile())).toBe(false); // preparing is not sending
      expect(services.engine.send([session!.id]).queued).toBe(1);
      expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid });
      await services.engine.whenIdle();
      expect(services.ledger.requireSession(session!.id).state).toBe('succeeded');
      expect(services.engine.isSending()).toBe(false);
      expect(existsSync(lockFile())).toBe(false);
    } finally {
      await services.close();
    }
  });

  it('refuses to send (environment, naming the pid) while another opening of the folder sends; opening and resuming still work', async () => {
    const sender = await openServices({
      dataDir: join(dir, 'data'),
      secretStore: new MissingKeychain(),
      resume: false,
    });
    const other = await openServices({
      dataDir: join(dir, 'data'),
      secretStore: new MissingKeychain(),
      senderLock: { pid: process.ppid },
    });
    try {
      sender.engine.claimSending();
      const late = await openServices({ dataDir: join(dir, 'data'), secretStore: new MissingKeychain() }); // resume skipped, no failure
      await late.close();
      await other.sandbox.ensure();
      const account = other.accounts.getByName('sandbox');
      const [session] = await other.prepare([
        { path: await makePng(dir, { width: 16, height: 16 }), accountId: account.id },
      ]);
      expect(await toResult(async () => other.engine.send([session!.id]))).toEqual({
        ok: false,
        error: expect.objectContaining({
          kind: 'environment',
          message: `Another Xfer (pid ${process.pid}) is sending from this data folder; wait for it or stop it`,
        }),
      });
      expect(await toResult(async () => other.engine.retry(session!.id))).toMatchObject({
        ok: false,
        error: { kind: 'environment' },
      });
      expect(other.ledger.requireSession(session!.id).state).toBe('ready');

      await sender.close();
      expect(existsSync(lockFile())).toBe(false);
      expect(other.engine.send([session!.id]).queued).toBe(1);
      expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.ppid });
      await other.engine.whenIdle();
      expect(other.ledger.requireSession(session!.id).state).toBe('succeeded');
    } finally {
      await sender.close();
      await other.close();
    }
  });
});

describe('the built-in sandbox account', () => {
  it('is verified as the first demo user when the embedded sandbox starts', async () => {
    const services = await openServices({ dataDir: join(dir, 'data'), secretStore: new MissingKeychain() });
    try {
      const before = Date.now();
      await services.sandbox.ensure();
      const account = services.accounts.getByName('sandbox');
      expect(account.verifiedAt).toBeGreaterThanOrEqual(before);
      expect(account.screenName).toBe(services.sandbox.instance()!.users[0]!.screenName);
    } finally {
      await services.close();
    }
  });
});
