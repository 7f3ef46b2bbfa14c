// `xfer prefs [KEY [VALUE]]`: the preferences file in the data dir (shared with the app). The words a user
// types become values here; whether a value is allowed is the one zod rule of main/app/preferences.ts.
import { formatBandwidthLimit, parseBandwidthLimit } from '../../common/bandwidth.ts';
import { fail } from '../../common/errors.ts';
import { PREFERENCE_KEYS, type PreferenceKey, type PreferenceValues } from '../../common/preferences.ts';
import { openPreferences } from '../../app/preferences.ts';
import { EXIT } from '../../common/exit-codes.ts';
import type { CommandRunner } from '../context.ts';
import { ensureDataDir } from '../../app/data-dir.ts';
import { didYouMean } from '../suggest.ts';

function isKey(word: string): word is PreferenceKey {
  return (PREFERENCE_KEYS as readonly string[]).includes(word);
}

/** The value a typed word stands for, by the preference's kind. */
function valueFromWord(key: PreferenceKey, word: string): unknown {
  switch (key) {
    case 'bandwidthLimit': {
      const parsed = parseBandwidthLimit(word);
      if (!parsed.ok) fail('bad_request', parsed.error.message);
      return parsed.value;
    }
    case 'appendsInFlight':
      return word === 'adaptive' ? word : wholeNumber(key, word);
    case 'concurrency':
      return wholeNumber(key, word);
    case 'missedPosts':
      return word;
    default:
      if (word === 'true' || word === 'false') return word === 'true';
      return fail('bad_request', `${key} must be "true" or "false", got "${word}"`);
  }
}

function wholeNumber(key: PreferenceKey, word: string): number {
  if (!/^\d+$/.test(word)) fail('bad_request', `${key} must be a whole number, got "${word}"`);
  return Number(word);
}

/** How a value reads back: what `xfer prefs KEY VALUE` would take. */
export function wordFor<K extends PreferenceKey>(key: K, value: PreferenceValues[K]): string {
  if (key === 'bandwidthLimit') return formatBandwidthLimit(value as PreferenceValues['bandwidthLimit']);
  return String(value);
}

export const run: CommandRunner = async (argv, ctx) => {
  if (argv.length > 2) fail('bad_request', `prefs takes at most KEY and VALUE, got ${argv.length} words`);
  const [key, word] = argv;
  if (key !== undefined && !isKey(key))
    fail(
      'bad_request',
      `Unknown preference "${key}".${didYouMean(key, PREFERENCE_KEYS, (name) => name)} (known: ${PREFERENCE_KEYS.join(', ')})`,
    );
  await ensureDataDir(ctx.dataDir);
  const preferences = openPreferences(ctx.dataDir);
  if (key !== undefined && word !== undefined) preferences.update({ [key]: valueFromWord(key, word) });
  const all = preferences.all();
  const shown = key === undefined ? all : ({ [key]: all[key] } as Partial<PreferenceValues>);
  if (ctx.json) ctx.stdout.write(`${JSON.stringify(shown)}\n`);
  else
    for (const [name, current] of Object.entries(shown))
      ctx.stdout.write(`${name} = ${wordFor(name as PreferenceKey, current as never)}\n`);
  return EXIT.ok;
};
