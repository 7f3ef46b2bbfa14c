// The preferences the engine follows: uploads at once per account, APPENDs in flight and the bandwidth cap, read when the
// engine is built and followed live as the Preferences screen changes them. A caller's own value (the CLI's
// --bwlimit, a test's fixed APPENDs) wins over the preference and is not changed by it.
import type { BandwidthLimit } from '../common/bandwidth.ts';
import { CONCURRENCY_MAX } from '../common/preferences.ts';
import { BandwidthThrottle } from '../core/engine/bandwidth-throttle.ts';
import type { Concurrency, UploadEngine } from '../core/engine/index.ts';
import type { Preferences } from './preferences.ts';

export interface EngineOverrides {
  concurrency?: Partial<Concurrency> | undefined;
  /** The CLI's --bwlimit: for this run only, whatever the preference says. */
  bandwidthLimit?: BandwidthLimit | undefined;
}

/**
 * Uploads in flight over all accounts. The "concurrency" preference (and `--concurrency`) is per account,
 * where X counts its limits (per user token); accounts send side by side, so two accounts at 2 each send 4
 * at once. (It was the total as well, and a batch to two accounts went two at a time, one account after the
 * other.) The total only bounds this process: the most the preference allows for one account.
 */
export const UPLOADS_IN_ALL = CONCURRENCY_MAX;

export function engineTuning(
  preferences: Preferences,
  overrides: EngineOverrides,
): { concurrency: Partial<Concurrency>; throttle: BandwidthThrottle } {
  const uploads = preferences.get('concurrency');
  const appends = preferences.get('appendsInFlight');
  return {
    concurrency: {
      total: UPLOADS_IN_ALL,
      uploadsPerAccount: uploads,
      ...(appends !== 'adaptive' && { appendsPerUpload: appends }),
      ...overrides.concurrency,
    },
    throttle: new BandwidthThrottle({
      limit: overrides.bandwidthLimit !== undefined ? overrides.bandwidthLimit : preferences.get('bandwidthLimit'),
    }),
  };
}

/** Applies later changes of the preferences to the running engine; returns the unsubscribe. */
export function followPreferences(engine: UploadEngine, preferences: Preferences, overrides: EngineOverrides) {
  return preferences.onChange((values) => {
    if (overrides.bandwidthLimit === undefined) engine.throttle.setLimit(values.bandwidthLimit);
    if (overrides.concurrency?.appendsPerUpload === undefined) engine.setAppendsInFlight(values.appendsInFlight);
  });
}
