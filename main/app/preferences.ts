// User preferences: a small JSON file in the data dir, through `conf` (the engine behind
// electron-store), so the CLI and the Electron app read and write the same file.
import Conf, { type Schema } from 'conf';

export interface PreferenceValues {
  /** How many sessions send at once when the caller does not say. */
  concurrency: number;
  /** A scheduled post that fell due while Xfer was closed: wait for the user's choice, or send it on start. */
  missedPosts: 'ask' | 'send';
  /** Desktop: closing the window hides it to the tray and keeps sending (scheduled posts go out); off, closing quits. */
  closeToTray: boolean;
  /** Desktop: a notification when a post goes out or fails and when a batch of uploads ends. */
  notifications: boolean;
  /** The first-run explanation was dismissed (shown once). */
  firstRunSeen: boolean;
}

export const CONCURRENCY_MAX = 8;
export const PREFERENCE_DEFAULTS: PreferenceValues = {
  concurrency: 2,
  missedPosts: 'ask',
  closeToTray: false,
  notifications: true,
  firstRunSeen: false,
};
const BOOLEAN_KEYS = [
  'closeToTray',
  'notifications',
  'firstRunSeen',
] as const satisfies readonly (keyof PreferenceValues)[];

const schema: Schema<PreferenceValues> = {
  concurrency: { type: 'integer', minimum: 1, maximum: CONCURRENCY_MAX, default: PREFERENCE_DEFAULTS.concurrency },
  missedPosts: { type: 'string', enum: ['ask', 'send'], default: PREFERENCE_DEFAULTS.missedPosts },
  closeToTray: { type: 'boolean', default: PREFERENCE_DEFAULTS.closeToTray },
  notifications: { type: 'boolean', default: PREFERENCE_DEFAULTS.notifications },
  firstRunSeen: { type: 'boolean', default: PREFERENCE_DEFAULTS.firstRunSeen },
};

export interface Preferences {
  get<K extends keyof PreferenceValues>(key: K): PreferenceValues[K];
  set<K extends keyof PreferenceValues>(key: K, value: PreferenceValues[K]): void;
  all(): PreferenceValues;
}

/** What the app may pass instead: an electron-store (or any conf) instance. */
export interface PreferenceStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export function openPreferences(dataDir: string): Preferences {
  return wrapPreferenceStore(
    new Conf<PreferenceValues>({
      cwd: dataDir,
      configName: 'preferences',
      schema,
      clearInvalidConfig: true,
    }) as PreferenceStore,
  );
}

/** Reads through a store that may hold anything: a value out of range reads as the default. */
export function wrapPreferenceStore(store: PreferenceStore): Preferences {
  const get = <K extends keyof PreferenceValues>(key: K): PreferenceValues[K] => {
    const value = store.get(key);
    if (key === 'concurrency') {
      const valid = Number.isInteger(value) && (value as number) >= 1 && (value as number) <= CONCURRENCY_MAX;
      return (valid ? value : PREFERENCE_DEFAULTS.concurrency) as PreferenceValues[K];
    }
    if (key === 'missedPosts') return (value === 'send' ? 'send' : 'ask') as PreferenceValues[K];
    if ((BOOLEAN_KEYS as readonly string[]).includes(key))
      return (typeof value === 'boolean' ? value : PREFERENCE_DEFAULTS[key]) as PreferenceValues[K];
    return (value ?? PREFERENCE_DEFAULTS[key]) as PreferenceValues[K];
  };
  return {
    get,
    set: (key, value) => store.set(key, value),
    all: () => {
      const keys = Object.keys(PREFERENCE_DEFAULTS) as (keyof PreferenceValues)[];
      return Object.fromEntries(keys.map((key) => [key, get(key)])) as unknown as PreferenceValues;
    },
  };
}
