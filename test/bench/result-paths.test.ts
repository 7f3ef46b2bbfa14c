// Only a full `npm run bench` may replace the committed bench/results.*: a one-suite re-check once overwrote
// a full run's tables with its own (c3770bf committed the faults suite alone as "the full run").
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, resultPaths } from '../../bench/lib/args.ts';

const benchDir = '/repo/bench';
const committed = { markdownPath: join(benchDir, 'results.md'), jsonPath: join(benchDir, 'results.json') };
const partial = {
  markdownPath: join(benchDir, 'work', 'partial-results.md'),
  jsonPath: join(benchDir, 'work', 'partial-results.json'),
};

describe('where a bench run writes its results', () => {
  it('a full run writes bench/results.md and results.json', () => {
    expect(resultPaths(parseArgs([]), benchDir)).toEqual(committed);
  });

  it.each([
    ['one suite', ['--only', 'faults']],
    ['one client', ['--only', 'xfer']],
    [
      'every suite named, one client left out',
      [
        '--only',
        'throughput,memory,latency,concurrency,validation,ledger,convert,faults,hashes,whole-process,cold-start,xfer,raw,tweepy',
      ],
    ],
    ['a smoke run', ['--quick']],
    ['other rounds', ['--rounds', '1']],
  ])('%s writes bench/work/partial-results.*', (_name, argv) => {
    expect(resultPaths(parseArgs(argv), benchDir)).toEqual(partial);
  });

  it('naming every suite and every client is still a full run', () => {
    const all =
      'throughput,memory,latency,concurrency,validation,ledger,convert,faults,hashes,whole-process,cold-start,' +
      'xfer,raw,twitter-api-v2-v1,twitter-api-v2-v2,tweepy';
    expect(resultPaths(parseArgs(['--only', all]), benchDir)).toEqual(committed);
  });
});
