// User preferences: a small JSON file in the data dir (preference-file.ts, in the format of conf, the engine
// behind electron-store), so the CLI and the Electron app read and write the same file. Every value is
// checked with zod, on the way in (a bad one is refused, saying why) and on the way out (a hand-edited file
// reads as the default). zod/mini, not zod: every command that opens the services reads preferences, and
// zod's full API (every schema type and method, one namespace) took ~8 ms more to load than these rules need.
import { dirname } from 'node:path';
import {
  boolean,
  config,
  enum as oneOf,
  int,
  literal,
  maximum,
  minimum,
  nullable,
  partial,
  strictObject,
  union,
  type ZodMiniType,
} from 'zod/mini';
import type { $ZodError } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';
import { BANDWIDTH_LIMIT_MIN } from '../common/bandwidth.ts';
import { fail } from '../common/errors.ts';
import { diskFullMessage } from '../core/ledger/index.ts';
import { preferenceFile, type PreferenceStore } from './preference-file.ts';
import {
  APPENDS_IN_FLIGHT_MAX,
  CONCURRENCY_MAX,
  PREFERENCE_DEFAULTS,
  PREFERENCE_KEYS,
  type PreferenceKey,
  type PreferenceValues,
} from '../common/preferences.ts';

export { CONCURRENCY_MAX, PREFERENCE_DEFAULTS, type PreferenceValues };

// zod/mini keeps no messages of its own: English, as the full zod says them, for the refusals below.
config(en());

/** One rule per preference; the IPC contract's preferences:set takes any subset of them. */
export const preferenceRules = {
  concurrency: int().check(minimum(1), maximum(CONCURRENCY_MAX)),
  appendsInFlight: union([literal('adaptive'), int().check(minimum(1), maximum(APPENDS_IN_FLIGHT_MAX))]),
  bandwidthLimit: nullable(int().check(minimum(BANDWIDTH_LIMIT_MIN), maximum(Number.MAX_SAFE_INTEGER))),
  missedPosts: oneOf(['ask', 'send']),
  workOffline: boolean(),
  notifications: boolean(),
  closeToTray: boolean(),
  firstRunSeen: boolean(),
} satisfies { [K in PreferenceKey]: ZodMiniType<PreferenceValues[K]> };

export const preferenceChanges = partial(strictObject(preferenceRules));
export type PreferenceChanges = Partial<PreferenceValues>;

export interface Preferences {
  get<K extends PreferenceKey>(key: K): PreferenceValues[K];
  /** Throws bad_request (with the rule it broke) for a value out of range. */
  set<K extends PreferenceKey>(key: K, value: PreferenceValues[K]): void;
  /** Checks every change first: either all are kept or none. */
  update(changes: PreferenceChanges): PreferenceValues;
  all(): PreferenceValues;
  /** Called after each change this process makes; returns the unsubscribe. */
  onChange(listener: (values: PreferenceValues) => void): () => void;
}

export type { PreferenceStore } from './preference-file.ts';

export function openPreferences(dataDir: string): Preferences {
  return wrapPreferenceStore(preferenceFile(dataDir));
}

/** Reads through a store that may hold anything: a value its rule refuses reads as the default. */
export function wrapPreferenceStore(store: PreferenceStore): Preferences {
  const listeners = new Set<(values: PreferenceValues) => void>();
  const get = <K extends PreferenceKey>(key: K): PreferenceValues[K] => {
    const parsed = preferenceRules[key].safeParse(store.get(key));
    return (parsed.success ? parsed.data : PREFERENCE_DEFAULTS[key]) as PreferenceValues[K];
  };
  const all = (): PreferenceValues =>
    Object.fromEntries(PREFERENCE_KEYS.map((key) => [key, get(key)])) as unknown as PreferenceValues;
  const write = (key: string, value: unknown): void => {
    try {
      store.set(key, value);
    } catch (error) {
      // The store writes a temporary file and renames it over the old one, so a full disk leaves the file as it was.
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC' && store.path)
        fail('environment', diskFullMessage(dirname(store.path), 'Free some space and try again.'));
      throw error;
    }
  };
  const update = (changes: PreferenceChanges): PreferenceValues => {
    const parsed = preferenceChanges.safeParse(changes);
    if (!parsed.success) fail('bad_request', describeIssue(parsed.error));
    for (const [key, value] of Object.entries(parsed.data)) if (value !== undefined) write(key, value);
    const values = all();
    for (const listener of listeners) listener(values);
    return values;
  };
  return {
    get,
    set: (key, value) => void update({ [key]: value }),
    update,
    all,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function describeIssue(error: $ZodError): string {
  const issue = error.issues[0];
  const key = issue?.path[0];
  return key === undefined ? `Preferences: ${issue?.message}` : `Preference "${String(key)}": ${issue?.message}`;
}
