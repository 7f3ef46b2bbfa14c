// 4a. Validation: files per second over ≥ 1,000 mixed files (hard links to a few ffmpeg originals), one
// validation at a time and eight in flight, each run in its own process for its peak RSS.
import { builtClient } from '../lib/built-clients.ts';
import { runChild } from '../lib/child.ts';
import { notMeasured, type Table } from '../lib/report.ts';
import { formatNumber } from '../lib/stats.ts';
import { goal, type GoalCheck, type SuiteContext, type SuiteOutput } from '../lib/suite.ts';
import { buildValidationSet } from '../lib/validation-set.ts';

export async function validationSuite(context: SuiteContext): Promise<SuiteOutput> {
  const total = context.args.quick ? 200 : 1000;
  context.progress(`validation: building ${total} files`);
  const set = await buildValidationSet(total);
  const rows: string[][] = [];
  const data: unknown[] = [];
  const goals: GoalCheck[] = [];
  for (const concurrency of [1, 8]) {
    // Once to warm the page cache and the module cache on disk, then the measured run.
    await runChild(
      process.execPath,
      [builtClient('validate-many'), JSON.stringify({ listPath: set.listPath, concurrency })],
      {
        timeoutMs: 120_000,
      },
    );
    const result = await runChild(
      process.execPath,
      [builtClient('validate-many'), JSON.stringify({ listPath: set.listPath, concurrency })],
      {
        timeoutMs: 120_000,
      },
    );
    const report = result.report;
    data.push({ concurrency, report, peakRssKb: result.peakRssKb });
    context.progress(`  validation ×${concurrency}: ${JSON.stringify(report)}`);
    if (!report.ok || typeof report.seconds !== 'number') {
      rows.push([String(concurrency), String(set.files), notMeasured(report.error ?? 'failed'), '—', '—', '—']);
      if (concurrency === 8)
        goals.push(goal(`validate ${set.files} files ≤ 2 s`, null, String, () => false, report.error));
      continue;
    }
    const seconds = report.seconds;
    rows.push([
      String(concurrency),
      String(set.files),
      formatNumber(seconds, 2),
      formatNumber(set.files / seconds, 0),
      `${report.passed} / ${report.refused}`,
      result.peakRssKb === null ? '—' : formatNumber(result.peakRssKb / 1024, 0),
    ]);
    if (concurrency === 8)
      goals.push(
        goal(
          `validate ${set.files} files ≤ 2 s`,
          seconds,
          (value) => `${value.toFixed(2)} s`,
          (value) => value <= 2,
        ),
      );
  }
  const last = data.at(-1) as { report?: { refusals?: Record<string, number> } } | undefined;
  const refusals = Object.entries(last?.report?.refusals ?? {}).map(([code, count]) => `${code} × ${count}`);
  const table: Table = {
    title: `Validation — ${set.files} mixed files`,
    headers: ['in flight', 'files', 'seconds', 'files/s', 'passed / refused', 'peak RSS MB'],
    rows,
    notes: [
      `Mix (hard links to ffmpeg-made originals): ${Object.entries(set.mix)
        .map(([name, count]) => `${name} × ${count}`)
        .join('; ')}.`,
      `Refusals by first error code: ${refusals.join(', ') || 'none'}.`,
      'Hard links keep the set small on disk; after the warm-up run every read comes from the page cache, so this measures Xfer’s work, not the disk.',
    ],
  };
  return { tables: [table], goals, data: { mix: set.mix, runs: data } };
}
