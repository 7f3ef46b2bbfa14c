// Only a full `npm run bench` may replace the committed bench/results.*: a one-suite re-check once overwrote
// a full run's tables with its own (c3770bf committed the faults suite alone as "the full run").
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENTS, parseArgs, resultPaths, SUITES } from '../../bench/lib/args.ts';

const dirs = { benchDir: '/repo/bench', workDir: '/repo/bench/work' };
const committed = { markdownPath: join(dirs.benchDir, 'results.md'), jsonPath: join(dirs.benchDir, 'results.json') };
const partial = {
  markdownPath: join(dirs.workDir, 'partial-results.md'),
  jsonPath: join(dirs.workDir, 'partial-results.json'),
};

describe('where a bench run writes its results', () => {
  it('a full run writes bench/results.md and results.json', () => {
    expect(resultPaths(parseArgs([]), dirs)).toEqual(committed);
  });

  it.each([
    ['one suite', ['--only', 'faults']],
    ['one client', ['--only', 'xfer']],
    ['every suite named, one client left out', ['--only', [...SUITES, ...CLIENTS.slice(1)].join(',')]],
    ['a smoke run', ['--quick']],
    ['other rounds', ['--rounds', '1']],
  ])('%s writes bench/work/partial-results.*', (_name, argv) => {
    expect(resultPaths(parseArgs(argv), dirs)).toEqual(partial);
  });

  it('naming every suite and every client is still a full run', () => {
    const all = [...SUITES, ...CLIENTS].join(',');
    expect(resultPaths(parseArgs(['--only', all]), dirs)).toEqual(committed);
  });
});
