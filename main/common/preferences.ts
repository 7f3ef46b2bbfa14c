// The user's preferences as every side sees them: main (which keeps and checks them, main/app/preferences.ts),
// the CLI (`xfer prefs`) and the Preferences screen. A new preference is a field here, a default, and one
// zod rule in main/app/preferences.ts.
import type { BandwidthLimit } from './bandwidth.ts';

/** APPENDs in flight per upload: adapted to the link per account, or fixed. */
export type AppendsInFlight = 'adaptive' | number;

export interface PreferenceValues {
  /** How many sessions of one account send at once when the caller does not say (accounts send side by side). */
  concurrency: number;
  /** APPENDs in flight for one upload (main/core/engine/in-flight-controller.ts adapts it by default). */
  appendsInFlight: AppendsInFlight;
  /** The cap on the bytes all uploads send together (bytes/s), or null for none. */
  bandwidthLimit: BandwidthLimit;
  /** A scheduled post that fell due while Xfer was closed: wait for the user's choice, or send it on start. */
  missedPosts: 'ask' | 'send';
  /** Hold all sending (uploads and posts) and probing until the user lifts it; kept across restarts. */
  workOffline: boolean;
  /** Desktop: a notification when a post goes out or fails and when a batch of uploads ends. */
  notifications: boolean;
  /** Desktop: closing the window hides it to the tray and keeps sending (scheduled posts go out); off, closing quits. */
  closeToTray: boolean;
  /** The first-run explanation was dismissed (shown once). */
  firstRunSeen: boolean;
}

export type PreferenceKey = keyof PreferenceValues;

export const CONCURRENCY_MAX = 8;
export const APPENDS_IN_FLIGHT_MAX = 16;

export const PREFERENCE_DEFAULTS: PreferenceValues = {
  concurrency: 2,
  appendsInFlight: 'adaptive',
  bandwidthLimit: null,
  missedPosts: 'ask',
  workOffline: false,
  notifications: true,
  closeToTray: false,
  firstRunSeen: false,
};

export const PREFERENCE_KEYS = Object.keys(PREFERENCE_DEFAULTS) as PreferenceKey[];
