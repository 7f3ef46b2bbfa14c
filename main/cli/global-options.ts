// Global options may stand before or after the command: `xfer --json sessions` and
// `xfer sessions --json` mean the same. They are lifted out here; everything else goes to
// the command untouched, in order. A lone `--` ends option lifting (a file named "--json").
import { parseBandwidthLimit, type BandwidthLimit } from '../common/bandwidth.ts';
import { fail } from '../common/errors.ts';
import { didYouMean } from './suggest.ts';

export interface GlobalOptions {
  command: string | null;
  /** The words after the command name, global options removed. */
  rest: string[];
  dataDir: string | null;
  json: boolean;
  help: boolean;
  version: boolean;
  /** --no-color: plain text even on a terminal (NO_COLOR in the environment means the same). */
  noColor: boolean;
  /** --bwlimit RATE: the cap on what this run sends (over the bandwidthLimit preference); undefined: not given. */
  bandwidthLimit: BandwidthLimit | undefined;
}

/** The commands that send, where --bwlimit means something. */
export const SENDING_COMMANDS = ['upload', 'send', 'run', 'retry', 'post'] as const;

function bandwidthLimitFrom(value: string | undefined): BandwidthLimit {
  if (value === undefined || value === '')
    fail('bad_request', '--bwlimit needs a rate, e.g. --bwlimit 10M (10 MiB/s), --bwlimit 512K or --bwlimit off');
  const parsed = parseBandwidthLimit(value);
  if (!parsed.ok) fail('bad_request', `--bwlimit: ${parsed.error.message}`);
  return parsed.value;
}

const GLOBAL_WORDS = ['--data-dir', '--json', '--help', '--version', '--no-color', '--bwlimit'];

export function splitGlobalOptions(argv: readonly string[]): GlobalOptions {
  const options: GlobalOptions = {
    command: null,
    rest: [],
    dataDir: null,
    json: false,
    help: false,
    version: false,
    noColor: false,
    bandwidthLimit: undefined,
  };
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]!;
    if (word === '--') {
      options.rest.push(...argv.slice(index));
      break;
    }
    if (word === '--json') options.json = true;
    else if (word === '--help' || word === '-h') options.help = true;
    else if (word === '--version') options.version = true;
    else if (word === '--no-color') options.noColor = true;
    else if (word === '--data-dir') {
      const value = argv[index + 1];
      if (value === undefined || value === '')
        fail('bad_request', '--data-dir needs a folder, e.g. --data-dir ~/xfer-data');
      options.dataDir = value;
      index++;
    } else if (word.startsWith('--data-dir=')) {
      const value = word.slice('--data-dir='.length);
      if (value === '') fail('bad_request', '--data-dir needs a folder, e.g. --data-dir=~/xfer-data');
      options.dataDir = value;
    } else if (word === '--bwlimit') {
      options.bandwidthLimit = bandwidthLimitFrom(argv[index + 1]);
      index++;
    } else if (word.startsWith('--bwlimit=')) {
      options.bandwidthLimit = bandwidthLimitFrom(word.slice('--bwlimit='.length));
    } else if (options.command === null && !word.startsWith('-')) options.command = word;
    else if (options.command === null)
      fail(
        'bad_request',
        `Unknown option ${word} before the command.${didYouMean(word, GLOBAL_WORDS, (option) => option)} (see xfer --help)`,
      );
    else options.rest.push(word);
  }
  return options;
}
