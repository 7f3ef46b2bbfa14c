// The engine follows the preferences: built from them, and changed live when the Preferences screen changes
// them; the CLI's --bwlimit and a caller's fixed APPENDs win and stay.
import { describe, expect, it } from 'vitest';
import { engineTuning, followPreferences } from '../../main/app/engine-preferences.ts';
import { wrapPreferenceStore } from '../../main/app/preferences.ts';
import { BandwidthThrottle } from '../../main/core/engine/bandwidth-throttle.ts';
import type { UploadEngine } from '../../main/core/engine/index.ts';

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
    expect(tuning.concurrency).toEqual({ total: 5, uploadsPerAccount: 5, appendsPerUpload: 3 });
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
