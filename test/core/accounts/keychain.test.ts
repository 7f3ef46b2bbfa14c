// The keychain adapter against a real Secret Service (a private gnome-keyring on a private bus),
// and its refusal when none is reachable.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Entry } from '@napi-rs/keyring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeychainSecretStore, keychainStatus, MAX_SECRET_BYTES } from '../../../main/core/accounts/keychain.ts';
import { isXferFailure } from '../../../main/common/errors.ts';
import { startPrivateSecretService, type PrivateSecretService } from '../../setup/secret-service.ts';

const run = promisify(execFile);
const onLinux = process.platform === 'linux';
const keychainModule = fileURLToPath(new URL('../../../main/core/accounts/keychain.ts', import.meta.url));

let secretService: PrivateSecretService;
const service = `xfer-test-${randomUUID()}`;

beforeAll(async () => {
  secretService = await startPrivateSecretService();
});
afterAll(async () => {
  await secretService?.stop();
});

describe('KeychainSecretStore with a Secret Service', () => {
  it('writes, reads back and deletes a value', async () => {
    const store = new KeychainSecretStore({ service });
    await store.set('account:one', '{"token":"t"}');
    expect(await store.get('account:one')).toBe('{"token":"t"}');
    expect(await store.delete('account:one')).toBe(true);
    expect(await store.get('account:one')).toBeNull();
  });

  it('says false when deleting what is not there', async () => {
    expect(await new KeychainSecretStore({ service }).delete('account:never')).toBe(false);
  });

  it('stores under its own service name, visible to the library and to secret-tool', async () => {
    const store = new KeychainSecretStore({ service });
    await store.set('account:visible', 'value-visible');
    expect(new Entry(service, 'account:visible').getPassword()).toBe('value-visible');
    if (onLinux) {
      const found = await run('secret-tool', ['lookup', 'service', service, 'username', 'account:visible'], {
        env: secretService.env,
      });
      expect(found.stdout).toBe('value-visible');
    }
    await store.delete('account:visible');
    expect(new Entry(service, 'account:visible').getPassword()).toBeNull();
    if (onLinux) {
      const search = await run('secret-tool', ['search', '--all', 'service', service], { env: secretService.env });
      expect(`${search.stdout}${search.stderr}`).not.toContain('account:visible');
    }
  });

  it('keeps services apart', async () => {
    const other = new KeychainSecretStore({ service: `${service}-other` });
    await new KeychainSecretStore({ service }).set('account:shared-key', 'mine');
    expect(await other.get('account:shared-key')).toBeNull();
    await new KeychainSecretStore({ service }).delete('account:shared-key');
  });

  it("refuses a value over Windows' 2,560-byte limit instead of truncating it", async () => {
    const store = new KeychainSecretStore({ service });
    const tooLong = 'x'.repeat(MAX_SECRET_BYTES / 2 + 1);
    await expect(store.set('account:long', tooLong)).rejects.toSatisfy(
      (thrown) => isXferFailure(thrown) && thrown.error.kind === 'validation' && /2,560/.test(thrown.error.message),
    );
    expect(await store.get('account:long')).toBeNull();
    await store.set('account:long', 'x'.repeat(MAX_SECRET_BYTES / 2));
    expect((await store.get('account:long'))?.length).toBe(MAX_SECRET_BYTES / 2);
    await store.delete('account:long');
  });

  it('reports itself available and leaves no probe entry behind', async () => {
    expect(await keychainStatus({ service })).toEqual({
      ok: true,
      backend: onLinux ? 'secret-service' : expect.any(String),
      message: null,
    });
    if (onLinux) {
      const search = await run('secret-tool', ['search', '--all', 'service', service], { env: secretService.env });
      expect(`${search.stdout}${search.stderr}`).not.toContain('probe:');
    }
  });
});

// libdbus reads DBUS_SESSION_BUS_ADDRESS once per process, so "no Secret Service" runs in a child
// process started with an address that leads nowhere.
describe.runIf(onLinux)('KeychainSecretStore without a Secret Service', () => {
  const nowhere = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/xfer-test-bus' };

  async function inChild(body: string): Promise<unknown> {
    const script = `import * as keychain from ${JSON.stringify(keychainModule)};\n${body}`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env: nowhere });
    return JSON.parse(stdout);
  }

  it('reports the keychain unavailable with a message that says how to fix it', async () => {
    const status = (await inChild(
      `console.log(JSON.stringify(await keychain.keychainStatus({ service: 'xfer-test-nowhere' })));`,
    )) as {
      ok: boolean;
      backend: string;
      message: string;
    };
    expect(status.ok).toBe(false);
    expect(status.backend).toBe('secret-service');
    expect(status.message).toMatch(/No Secret Service/);
    expect(status.message).toMatch(/gnome-keyring/);
    expect(status.message).toMatch(/KeePassXC/);
    expect(status.message).toMatch(/DBUS_SESSION_BUS_ADDRESS/);
  });

  it('refuses to store (never falling back to the kernel keyring) with an environment failure', async () => {
    const outcome = (await inChild(`
      const store = new keychain.KeychainSecretStore({ service: 'xfer-test-nowhere' });
      try { await store.set('account:x', 'distinctive-secret-zz9'); console.log(JSON.stringify({ stored: true })); }
      catch (thrown) { console.log(JSON.stringify({ stored: false, kind: thrown.error?.kind, message: thrown.message })); }
    `)) as { stored: boolean; kind: string; message: string };
    expect(outcome).toMatchObject({ stored: false, kind: 'environment' });
    expect(outcome.message).toMatch(/kernel keyring/);
    expect(outcome.message).not.toContain('distinctive-secret-zz9');
  });
});

// This container's kernel keyring refuses access, so the child-process test above would pass even
// if the library fell back; this one pins down that entries demand the Secret Service on Linux.
describe('which store entries are pinned to', () => {
  function recordingStore(platform: NodeJS.Platform) {
    const seen: unknown[] = [];
    const store = new KeychainSecretStore({
      service: 'xfer-test-pinning',
      platform,
      createEntry: (_service, _key, options) => {
        seen.push(options);
        return { getPassword: async () => null, setPassword: async () => {}, deleteCredential: async () => false };
      },
    });
    return { store, seen };
  }

  it('requires the Secret Service on Linux, so the kernel keyring is never used', async () => {
    const { store, seen } = recordingStore('linux');
    await store.set('account:a', 'v');
    await store.get('account:a');
    await store.delete('account:a');
    expect(seen).toEqual([
      { linux: { store: 'secret-service' } },
      { linux: { store: 'secret-service' } },
      { linux: { store: 'secret-service' } },
    ]);
  });

  it('leaves the native store alone on macOS and Windows', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const { store, seen } = recordingStore(platform);
      await store.set('account:a', 'v');
      expect(seen).toEqual([{}]);
    }
  });

  it('turns a store that throws into the fix-it environment failure', async () => {
    const store = new KeychainSecretStore({
      service: 'xfer-test-pinning',
      platform: 'linux',
      createEntry: () => {
        throw new Error('Platform failure: DBus error: Failed to connect to socket');
      },
    });
    await expect(store.get('account:a')).rejects.toSatisfy(
      (thrown) =>
        isXferFailure(thrown) &&
        thrown.error.kind === 'environment' &&
        /gnome-keyring/.test(thrown.message) &&
        /Failed to connect/.test(thrown.message),
    );
  });
});
