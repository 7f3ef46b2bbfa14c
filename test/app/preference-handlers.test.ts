// The Preferences channels through the contract's dispatcher: the contract's schema and the preference
// rules both stand between the page and the file, and the answer carries the read-only facts.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../main/app/handlers.ts';
import { openPreferences } from '../../main/app/preferences.ts';
import { openServices, type Services } from '../../main/app/services.ts';
import type { Result } from '../../main/common/errors.ts';
import type { PreferencesView } from '../../main/ipc/contract.ts';
import { EventHub } from '../../main/ipc/events.ts';
import { createDispatcher, type Dispatch } from '../../main/ipc/handle.ts';
import { InMemorySecretStore } from '../fakes/secret-store.ts';
import { useTempDir } from '../core/media/temp-dir.ts';

const temp = useTempDir('preference-handlers');
let services: Services;
let dispatch: Dispatch;

beforeAll(async () => {
  services = await openServices({
    dataDir: join(temp.path, 'data'),
    secretStore: new InMemorySecretStore(),
    sandbox: 'off',
    resume: false,
  });
  const ports = { pickFiles: async () => [], openExternal: async () => {}, writeClipboard: () => {}, notify: () => {} };
  dispatch = createDispatcher(createHandlers(services, ports, new EventHub()).handlers);
});
afterAll(() => services?.close());

describe('preferences channels', () => {
  it('answers with the values, the data folder and the ffmpeg in use', async () => {
    const result = (await dispatch('preferences:get', undefined)) as Result<PreferencesView>;
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.values.appendsInFlight).toBe('adaptive');
    expect(result.value.dataDir).toBe(join(temp.path, 'data'));
    expect(result.value.ffmpeg).toMatch(/ffmpeg/);
  });

  it('keeps a change in the data folder’s file, where the CLI reads it', async () => {
    const result = (await dispatch('preferences:set', {
      changes: { bandwidthLimit: 2 * 1024 * 1024, appendsInFlight: 3 },
    })) as Result<PreferencesView>;
    expect(result.ok && result.value.values.bandwidthLimit).toBe(2 * 1024 * 1024);
    expect(openPreferences(join(temp.path, 'data')).get('appendsInFlight')).toBe(3);
  });

  it('refuses an unknown key and a value out of range, changing nothing', async () => {
    const unknown = (await dispatch('preferences:set', { changes: { theme: 'dark' } })) as Result<unknown>;
    expect(unknown.ok).toBe(false);
    const outOfRange = (await dispatch('preferences:set', {
      changes: { appendsInFlight: 0, notifications: false },
    })) as Result<unknown>;
    expect(outOfRange.ok).toBe(false);
    expect(services.preferences.get('notifications')).toBe(true);
  });
});
