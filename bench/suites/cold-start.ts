// 7. The CLI's cold start: the built `xfer` (out/cli/xfer.js, what the package's bin runs) started afresh
// for `xfer --help` and `xfer validate one.png`, wall time from spawn to exit (median of N runs) and peak
// RSS; beside them a bare `node -e 0`, the floor any Node CLI starts from. Issue 18's starting point was
// 0.17 s and 0.32 s wall (the CLI run from its TypeScript sources).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePng } from '../../test/fixtures/media.ts';
import { buildCli } from '../lib/built-cli.ts';
import { WORK_DIR } from '../lib/files.ts';
import { notMeasured, type Table } from '../lib/report.ts';
import { formatNumber, median } from '../lib/stats.ts';
import { goal, type GoalCheck, type SuiteContext, type SuiteOutput } from '../lib/suite.ts';
import { runTimed } from '../lib/timed-process.ts';

interface Case {
  label: string;
  args: (png: string) => string[];
  /** Issue 18's measurement before the bundle (seconds), the figure to beat; null for the floor. */
  before: number | null;
}

const CASES: Case[] = [
  { label: 'node -e 0 (Node’s own start: the floor)', args: () => ['-e', '0'], before: null },
  { label: 'xfer --help', args: () => ['CLI', '--help'], before: 0.17 },
  { label: 'xfer validate one.png', args: (png) => ['CLI', 'validate', png], before: 0.32 },
];

export async function coldStartSuite(context: SuiteContext): Promise<SuiteOutput> {
  const { args, progress } = context;
  const runs = args.rounds ?? (args.quick ? 5 : 20);
  const cli = await buildCli();
  const dir = join(WORK_DIR, 'cold-start');
  await mkdir(dir, { recursive: true });
  const png = await makePng(dir, { width: 640, height: 480 });
  // A data dir of its own, so the runs never read a developer's; NO_COLOR as in a script.
  const dataDir = await mkdtemp(join(tmpdir(), 'xfer-bench-cold-'));
  const env = { ...process.env, XFER_DATA_DIR: dataDir, NO_COLOR: '1' };
  const samples: Record<string, { seconds: number[]; peakRssKb: number[]; failures: string[] }> = {};
  try {
    for (const entry of CASES) samples[entry.label] = { seconds: [], peakRssKb: [], failures: [] };
    progress(`cold start: ${runs} runs of each, alternating, built CLI ${cli}`);
    // One warm-up pass (page cache, the first compile of nothing: Node has no code cache for an ES bundle).
    for (let run = -1; run < runs; run += 1) {
      for (const entry of CASES) {
        const argv = entry.args(png).map((part) => (part === 'CLI' ? cli : part));
        const result = await runTimed(process.execPath, argv, { env, timeoutMs: 30_000 });
        if (run < 0) continue;
        const mine = samples[entry.label]!;
        if (result.exitCode !== 0) mine.failures.push(`exit ${result.exitCode}: ${result.stderr.trim().slice(-200)}`);
        else {
          mine.seconds.push(result.seconds);
          if (result.peakRssKb !== null) mine.peakRssKb.push(result.peakRssKb);
        }
      }
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  const goals: GoalCheck[] = [];
  const floor = median(samples[CASES[0]!.label]!.seconds);
  const rows = CASES.map((entry) => {
    const mine = samples[entry.label]!;
    const wall = median(mine.seconds);
    const rss = mine.peakRssKb.length > 0 ? Math.max(...mine.peakRssKb) / 1024 : null;
    if (entry.before !== null)
      goals.push(
        goal(
          `${entry.label} cold start faster than before the bundle (${entry.before} s wall)`,
          wall,
          (value) => `${value.toFixed(3)} s`,
          (value) => value < entry.before!,
          mine.failures[0] ?? 'not measured',
        ),
      );
    return [
      entry.label,
      wall === null ? notMeasured(mine.failures[0] ?? 'no run') : formatNumber(wall, 3),
      mine.seconds.length > 1
        ? `${formatNumber(Math.min(...mine.seconds), 3)}–${formatNumber(Math.max(...mine.seconds), 3)}`
        : '—',
      entry.before === null || wall === null || floor === null ? '—' : `+${formatNumber(wall - floor, 3)}`,
      formatNumber(rss, 0),
      entry.before === null ? '—' : `${entry.before}`,
    ];
  });
  const table: Table = {
    title: `CLI cold start — built xfer (out/cli/xfer.js), wall seconds (median of ${runs} runs)`,
    headers: ['command', 'wall s (median)', 'min–max', 'above Node’s start', 'peak RSS MB', 'before (issue 18)'],
    rows,
    notes: [
      'Each run a fresh process from spawn to exit, timed by the bench; peak RSS from /usr/bin/time (ru_maxrss). The commands alternate; one warm-up pass is not counted.',
      'validate reads a 640×480 PNG; the data dir is a fresh temp folder (XFER_DATA_DIR).',
    ],
  };
  return { tables: [table], goals, data: samples };
}
