// "Did you mean …?" for a mistyped command or option, as gh and git say it. The threshold keeps
// suggestions to near misses: a word that shares nothing with any candidate gets none.
import { closest, distance } from 'fastest-levenshtein';
import { fail } from '../common/errors.ts';

export function nearest(word: string, candidates: readonly string[]): string | null {
  if (candidates.length === 0) return null;
  const prefixed = candidates.filter((candidate) => candidate.startsWith(word) && word.length >= 2);
  if (prefixed.length === 1) return prefixed[0]!;
  const best = closest(word, [...candidates]);
  const allowed = Math.max(1, Math.floor(Math.max(word.length, best.length) / 3));
  return distance(word, best) <= allowed ? best : null;
}

/** " Did you mean "sessions"?" or "" — to append to an error message. */
export function didYouMean(word: string, candidates: readonly string[], render = (s: string) => `"${s}"`): string {
  const suggestion = nearest(word, candidates);
  return suggestion === null ? '' : ` Did you mean ${render(suggestion)}?`;
}

/**
 * The error for an account name that is not there, with a near miss among `known`. The built-in sandbox
 * account is always a candidate: it is made on first use, so it may not be listed yet.
 */
export function failUnknownAccount(name: string, known: readonly string[], sandboxName: string): never {
  if (name === sandboxName)
    fail('not_found', `The "${name}" account is made on first use, and nothing has used it yet.`);
  const hint = didYouMean(name, [...new Set([...known, sandboxName])]);
  fail('not_found', `No account is named "${name}".${hint} (see: xfer accounts list)`);
}
