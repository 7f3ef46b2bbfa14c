// Command options through node:util parseArgs, with its errors turned into usage errors (exit 2)
// in our words: the command, the option, a "did you mean" for a near miss, and where to look.
// parseArgs' own text ("To specify a positional argument starting with a '-'…") never reaches the user.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { fail } from '../common/errors.ts';
import { CONCURRENCY_MAX } from '../common/preferences.ts';
import { didYouMean } from './suggest.ts';

export function parseCommand<T extends ParseArgsOptionsConfig>(command: string, argv: string[], options: T) {
  checkOptionWords(command, argv, options);
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (thrown) {
    // checkOptionWords covers what strict mode refuses; this is the net for a case it missed.
    const message = thrown instanceof Error ? thrown.message.split('. ')[0] : String(thrown);
    fail('bad_request', `${command}: ${message} (see xfer ${command} --help)`);
  }
}

/** Unknown options, string options without a value and flags given a value, named in plain words. */
function checkOptionWords(command: string, argv: readonly string[], options: ParseArgsOptionsConfig): void {
  const { tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  const known = Object.keys(options).map((name) => `--${name}`);
  const help = `(see xfer ${command} --help)`;
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    if (!spec) {
      const hint = didYouMean(token.rawName, known, (option) => option);
      fail('bad_request', `${command}: unknown option ${token.rawName}.${hint} ${help}`);
    }
    if (spec.type === 'string' && token.value === undefined)
      fail('bad_request', `${command}: ${token.rawName} needs a value ${help}`);
    if (spec.type === 'string' && !token.inlineValue && token.value?.startsWith('-'))
      fail(
        'bad_request',
        `${command}: ${token.rawName} needs a value (write ${token.rawName}=VALUE for one starting with "-")`,
      );
    if (spec.type === 'boolean' && token.inlineValue)
      fail('bad_request', `${command}: ${token.rawName} takes no value ${help}`);
  }
}

export function parseConcurrency(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > CONCURRENCY_MAX) {
    fail('bad_request', `--concurrency must be a whole number from 1 to ${CONCURRENCY_MAX}, got "${value}"`);
  }
  return number;
}
