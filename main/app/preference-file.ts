// preferences.json in the data folder, as the CLI and web mode keep it: a flat JSON object, tab-indented
// (the file conf and electron-store write, so the desktop app reads the same one), read afresh on every
// get (another process, `xfer prefs` beside the app, may have changed it) and written whole through a
// temporary file that is synced and renamed over the old one (a crash or a full disk leaves the file as it
// was). Plain node:fs, not conf: conf brings ajv, dot-prop and atomically, ~40 ms of CPU to load in every
// `xfer` command that opens the data folder, for a file of a few keys that needs none of them.
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const PREFERENCES_FILE = 'preferences.json';

/** Where preferences are kept: this file, or what the app passes instead (an electron-store, or any conf). */
export interface PreferenceStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  /** The file (conf and electron-store have it): named when it cannot be written. */
  readonly path?: string;
}

/** The store over `dataDir`/preferences.json. A file that is not a JSON object reads as empty and is left as it is. */
export function preferenceFile(dataDir: string): PreferenceStore {
  const path = join(dataDir, PREFERENCES_FILE);
  const read = (): Record<string, unknown> => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      // A hand-edit that broke the file reads as the defaults, and stays for its author to mend (never wiped).
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : {};
    } catch {
      return {};
    }
  };
  return {
    path,
    get: (key) => {
      const values = read();
      return Object.hasOwn(values, key) ? values[key] : undefined;
    },
    set: (key, value) => writeWhole(path, { ...read(), [key]: value }),
  };
}

function writeWhole(path: string, values: Record<string, unknown>): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o7777; // an existing file keeps its mode
  } catch {
    mode = undefined;
  }
  try {
    const fd = openSync(temporary, 'wx', mode ?? 0o666);
    try {
      writeSync(fd, JSON.stringify(values, undefined, '\t'));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
