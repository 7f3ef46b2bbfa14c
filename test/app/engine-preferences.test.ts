// The engine follows the preferences: built from them, and changed live when the Preferences screen changes
// them; the CLI's --bwlimit and a caller's fixed APPENDs win and stay.
import { afterEach, describe, expect, it } from 'vitest';
import { engineTuning, followPreferences } from '../../main/app/engine-preferences.ts';
import { PREFERENCE_DEFAULTS } from '../../main/common/preferences.ts';
import { wrapPreferenceStore } from '../../main/app/preferences.ts';
import { BandwidthThrottle } from '../../main/core/engine/bandwidth-throttle.ts';
import type { UploadEngine } from '../../main/core/engine/index.ts';
import { FakeX } from '../fakes/fake-x.ts';
import { testAccount } from '../fakes/session-builder.ts';
import { createHarness, type Harness } from '../core/engine/harness.ts';

function fakeEngine() {
  const appends: unknown[] = [];
  const throttle = new BandwidthThrottle();
  const engine = { throttle, setAppendsInFlight: (value: unknown) => appends.push(value) };
  return { engine: engine as unknown as UploadEngine, throttle, appends };
}

describe('engine preferences', () => {
  it('builds the engine with the cap and a fixed number of APPENDs from the preferences', () => {
    const preferences = wrapPreferenceStore(new Map<string, unknown>());
    preferences.update({ bandwidthLimit: 2 * 1024 * 1024, appendsInFlight: 3, concurrency: 5 });
    const tuning = engineTuning(preferences, {});
    expect(tuning.throttle.limit).toBe(2 * 1024 * 1024);
    expect(tuning.concurrency).toMatchObject({ uploadsPerAccount: 5, appendsPerUpload: 3 });
    preferences.set('appendsInFlight', 'adaptive');
    expect(engineTuning(preferences, {}).concurrency.appendsPerUpload).toBeUndefined();
  });

  it('lets --bwlimit win over the preference, "off" included', () => {
    const preferences = wrapPreferenceStore(new Map<string, unknown>([['bandwidthLimit', 1024 * 1024]]));
    expect(engineTuning(preferences, { bandwidthLimit: null }).throttle.limit).toBeNull();
    expect(engineTuning(preferences, { bandwidthLimit: 65536 }).throttle.limit).toBe(65536);
  });

  it('applies a change made while running, unless the caller fixed it', () => {
    const preferences = wrapPreferenceStore(new Map<string, unknown>());
    const live = fakeEngine();
    followPreferences(live.engine, preferences, {});
    preferences.update({ bandwidthLimit: 512 * 1024, appendsInFlight: 8 });
    expect(live.throttle.limit).toBe(512 * 1024);
    expect(live.appends).toEqual([8]);

    const fixed = fakeEngine();
    followPreferences(fixed.engine, preferences, { bandwidthLimit: null, concurrency: { appendsPerUpload: 2 } });
    preferences.update({ bandwidthLimit: 1024 * 1024, appendsInFlight: 4 });
    expect(fixed.throttle.limit).toBeNull();
    expect(fixed.appends).toEqual([]);
  });
});

describe('uploads at once', () => {
  let harness: Harness | undefined;
  let release: () => void = () => {};
  afterEach(async () => {
    release(); // a failed expectation must not leave the engine's runs held
    await harness?.close();
    harness = undefined;
  });

  /** Two accounts with five files each on an engine built from the preferences; X holds every request. */
  async function twoAccounts(preferences: ReturnType<typeof wrapPreferenceStore>) {
    const x = new FakeX();
    const held = new Promise<void>((resolve) => (release = resolve));
    x.before = () => held;
    harness = await createHarness({
      clientFor: async (account) => x.clientFor(account),
      accounts: [testAccount('a1'), testAccount('a2')],
      engine: { concurrency: engineTuning(preferences, {}).concurrency },
    });
    const ids: string[] = [];
    // One account's files first, as two `xfer prepare` runs leave them in the queue.
    for (const accountId of ['a1', 'a2']) {
      for (let file = 0; file < 5; file++)
        ids.push((await harness.prepare(await harness.makeFile(1500), { accountId })).id);
    }
    return { engine: harness.engine, ledger: harness.ledger, ids };
  }

  it('is per account: at the default, both accounts send side by side, each its own two', async () => {
    const preferences = wrapPreferenceStore(new Map<string, unknown>());
    expect(preferences.get('concurrency')).toBe(PREFERENCE_DEFAULTS.concurrency);
    const { engine, ledger, ids } = await twoAccounts(preferences);
    engine.send(ids);
    // Started at once, before any finished: two of each account (it was two in all, the first account's).
    expect(engine.status()).toMatchObject({ active: 2 * PREFERENCE_DEFAULTS.concurrency, queued: 6 });
    release();
    await engine.whenIdle();
    expect(ledger.countByState().succeeded).toBe(10);
  });

  it('still holds each account to its number (X counts limits per user)', async () => {
    const preferences = wrapPreferenceStore(new Map<string, unknown>([['concurrency', 1]]));
    const { engine, ids } = await twoAccounts(preferences);
    engine.send(ids);
    expect(engine.status()).toMatchObject({ active: 2, queued: 8 });
    release();
    await engine.whenIdle();
  });
});
