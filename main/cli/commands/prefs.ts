// `xfer prefs [KEY [VALUE]]`: the preferences file in the data dir (shared with the app).
import { fail } from '../../common/errors.ts';
import { openPreferences, type PreferenceValues } from '../../app/preferences.ts';
import { EXIT } from '../../common/exit-codes.ts';
import type { CommandRunner } from '../context.ts';
import { ensureDataDir } from '../../app/data-dir.ts';

const BOOLEAN_KEYS = ['closeToTray', 'notifications', 'firstRunSeen'] as const;
const KEYS = ['concurrency', 'missedPosts', ...BOOLEAN_KEYS] as const satisfies readonly (keyof PreferenceValues)[];

function isKey(word: string): word is (typeof KEYS)[number] {
  return (KEYS as readonly string[]).includes(word);
}

export const run: CommandRunner = async (argv, ctx) => {
  if (argv.length > 2) fail('bad_request', `prefs takes at most KEY and VALUE, got ${argv.length} words`);
  const [key, value] = argv;
  if (key !== undefined && !isKey(key)) fail('bad_request', `Unknown preference "${key}" (known: ${KEYS.join(', ')})`);
  await ensureDataDir(ctx.dataDir);
  const preferences = openPreferences(ctx.dataDir);
  if (key === 'missedPosts' && value !== undefined) {
    if (value !== 'ask' && value !== 'send') fail('bad_request', `missedPosts must be "ask" or "send", got "${value}"`);
    preferences.set(key, value);
  } else if ((BOOLEAN_KEYS as readonly string[]).includes(key ?? '') && value !== undefined) {
    if (value !== 'true' && value !== 'false') fail('bad_request', `${key} must be "true" or "false", got "${value}"`);
    preferences.set(key as (typeof BOOLEAN_KEYS)[number], value === 'true');
  } else if (key !== undefined && value !== undefined) {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < 1 || number > 8)
      fail('bad_request', `concurrency must be a whole number from 1 to 8, got "${value}"`);
    preferences.set('concurrency', number);
  }
  const all = preferences.all();
  const shown = key === undefined ? all : { [key]: all[key] };
  if (ctx.json) ctx.stdout.write(`${JSON.stringify(shown)}\n`);
  else for (const [name, current] of Object.entries(shown)) ctx.stdout.write(`${name} = ${current}\n`);
  return EXIT.ok;
};
