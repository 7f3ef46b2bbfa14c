// Command-line flags: --quick (small sizes, fewer rounds: a smoke run), --only NAME[,NAME] (suites or clients),
// --rounds N (the rounds of every suite that repeats its runs; USAGE names them).

import { join } from 'node:path';

export const SUITES = [
  'throughput',
  'memory',
  'latency',
  'concurrency',
  'validation',
  'ledger',
  'convert',
  'faults',
  'hashes',
  'whole-process',
  'cold-start',
] as const;
export type SuiteName = (typeof SUITES)[number];

export const CLIENTS = ['xfer', 'raw', 'twitter-api-v2-v1', 'twitter-api-v2-v2', 'tweepy'] as const;
export type ClientName = (typeof CLIENTS)[number];

export interface BenchArgs {
  quick: boolean;
  suites: ReadonlySet<SuiteName>;
  clients: ReadonlySet<ClientName>;
  rounds: number | null;
  help: boolean;
}

export const USAGE = `npm run bench [-- --quick] [-- --only NAME[,NAME…]] [-- --rounds N]
  --quick        small files and 1–2 rounds: a smoke run of every path (a few minutes, bench/README.md)
  --only NAME    run only these suites (${SUITES.join(', ')})
                 and/or only these clients (${CLIENTS.join(', ')}); repeatable
  --rounds N     rounds of every suite that repeats its runs, in place of its default (without --quick):
                 throughput and memory (3 per file), latency (3), concurrency (2), faults (5; matrix runs once),
                 whole-process (3; the 100-image batch 2), cold-start (runs, 20); validation, ledger,
                 convert and hashes keep their own counts`;

export function parseArgs(argv: readonly string[]): BenchArgs {
  const suites = new Set<SuiteName>();
  const clients = new Set<ClientName>();
  let quick = false;
  let rounds: number | null = null;
  let help = false;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    if (argument === '--quick') quick = true;
    else if (argument === '--help' || argument === '-h') help = true;
    else if (argument === '--only' || argument.startsWith('--only=')) {
      const value = argument.includes('=') ? argument.slice('--only='.length) : argv[(index += 1)];
      if (!value) throw new Error('--only needs a name');
      for (const name of value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)) {
        if ((SUITES as readonly string[]).includes(name)) suites.add(name as SuiteName);
        else if ((CLIENTS as readonly string[]).includes(name)) clients.add(name as ClientName);
        else
          throw new Error(
            `--only: unknown name "${name}"; suites: ${SUITES.join(', ')}; clients: ${CLIENTS.join(', ')}`,
          );
      }
    } else if (argument === '--rounds' || argument.startsWith('--rounds=')) {
      const value = argument.includes('=') ? argument.slice('--rounds='.length) : argv[(index += 1)];
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < 1) throw new Error('--rounds needs a positive whole number');
      rounds = parsed;
    } else throw new Error(`unknown argument "${argument}"\n${USAGE}`);
  }
  return {
    quick,
    suites: suites.size > 0 ? suites : new Set(SUITES),
    clients: clients.size > 0 ? clients : new Set(CLIENTS),
    rounds,
    help,
  };
}

/** A run of every suite and client at the default rounds: the one kind whose figures are committed. */
export function isFullRun(args: BenchArgs): boolean {
  return (
    !args.quick && args.rounds === null && args.suites.size === SUITES.length && args.clients.size === CLIENTS.length
  );
}

/** Where a run's tables and samples go: bench/results.* for a full run, the work dir's partial-results.* otherwise. */
export function resultPaths(
  args: BenchArgs,
  dirs: { benchDir: string; workDir: string },
): { markdownPath: string; jsonPath: string } {
  const [dir, stem] = isFullRun(args) ? [dirs.benchDir, 'results'] : [dirs.workDir, 'partial-results'];
  return { markdownPath: join(dir, `${stem}.md`), jsonPath: join(dir, `${stem}.json`) };
}
