// Command options through node:util parseArgs, strict, with its errors turned into usage errors
// that name the command (exit 2).
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { fail } from '../core/errors.ts';
import { CONCURRENCY_MAX } from '../app/preferences.ts';

export function parseCommand<T extends ParseArgsOptionsConfig>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (thrown) {
    fail(
      'bad_request',
      `${command}: ${thrown instanceof Error ? thrown.message : String(thrown)} (see xfer ${command} --help)`,
    );
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
