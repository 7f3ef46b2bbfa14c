// Preferences: one zod rule per key, on the way in (refused, saying why, nothing kept) and on the way out
// (a hand-edited or older file reads as the default), over the same JSON file the CLI and the app share.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPreferences, wrapPreferenceStore } from '../../main/app/preferences.ts';
import { PREFERENCE_DEFAULTS } from '../../main/common/preferences.ts';
import { toResult } from '../fakes/result.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xfer-prefs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('preferences', () => {
  it('keeps each new preference in preferences.json, readable by a second opening', async () => {
    openPreferences(dir).update({ appendsInFlight: 6, bandwidthLimit: 10 * 1024 * 1024, notifications: false });
    expect(openPreferences(dir).all()).toEqual({
      ...PREFERENCE_DEFAULTS,
      appendsInFlight: 6,
      bandwidthLimit: 10 * 1024 * 1024,
      notifications: false,
    });
    const file = JSON.parse(await readFile(join(dir, 'preferences.json'), 'utf8')) as Record<string, unknown>;
    expect(file['bandwidthLimit']).toBe(10 * 1024 * 1024);
  });

  it('refuses a value its rule does not allow, naming the preference, and keeps none of the batch', async () => {
    const preferences = openPreferences(dir);
    const refused = await toResult(async () => preferences.update({ concurrency: 3, appendsInFlight: 17 }));
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.kind).toBe('bad_request');
      expect(refused.error.message).toMatch(/"appendsInFlight"/);
    }
    expect(preferences.all()).toEqual(PREFERENCE_DEFAULTS);
    const tooSlow = await toResult(async () => preferences.set('bandwidthLimit', 1000));
    expect(tooSlow.ok).toBe(false);
  });

  it('reads a hand-edited value its rule refuses as the default, and the others as written', async () => {
    await writeFile(
      join(dir, 'preferences.json'),
      JSON.stringify({ concurrency: 99, appendsInFlight: 'fast', bandwidthLimit: 'lots', missedPosts: 'send' }),
    );
    expect(openPreferences(dir).all()).toEqual({ ...PREFERENCE_DEFAULTS, missedPosts: 'send' });
  });

  it('reads a file a hand-edit broke as the defaults, and leaves it as it was for its author to mend', async () => {
    const path = join(dir, 'preferences.json');
    const broken = '{\n\t"concurrency": 3,\n\t"notifications": false,\n'; // the closing brace lost
    await writeFile(path, broken);
    expect(openPreferences(dir).all()).toEqual(PREFERENCE_DEFAULTS);
    expect(await readFile(path, 'utf8')).toBe(broken);
  });

  it('writes the whole file through a rename: the old one stays whole until the new one is complete', async () => {
    const preferences = openPreferences(dir);
    preferences.set('concurrency', 3);
    preferences.set('notifications', false);
    const text = await readFile(join(dir, 'preferences.json'), 'utf8');
    expect(JSON.parse(text)).toEqual({ concurrency: 3, notifications: false });
    expect(text).toBe(JSON.stringify({ concurrency: 3, notifications: false }, undefined, '\t')); // conf's format
    expect((await readdir(dir)).filter((name) => name !== 'preferences.json')).toEqual([]); // no temporary left
  });

  it('tells listeners after a change, with all the values', () => {
    const preferences = wrapPreferenceStore(new Map<string, unknown>());
    const seen: unknown[] = [];
    const stop = preferences.onChange((values) => seen.push(values.appendsInFlight));
    preferences.set('appendsInFlight', 2);
    stop();
    preferences.set('appendsInFlight', 'adaptive');
    expect(seen).toEqual([2]);
  });
});
