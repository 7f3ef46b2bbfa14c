// 4b. Ledger: prepare 10,000 sessions, list them, and record progress alone and while another process reads.
import { join } from 'node:path';
import { validateFile } from '../../main/core/media/validate-file.ts';
import { makePaddedVideo } from '../../test/fixtures/media.ts';
import { runChild } from '../lib/child.ts';
import { WORK_DIR } from '../lib/files.ts';
import { notMeasured, type Table } from '../lib/report.ts';
import { formatNumber } from '../lib/stats.ts';
import type { SuiteContext, SuiteOutput } from '../lib/suite.ts';

const SCRIPT = join(import.meta.dirname, '..', 'clients', 'ledger-ops.ts');

export async function ledgerSuite(context: SuiteContext): Promise<SuiteOutput> {
  const sessions = context.args.quick ? 2000 : 10_000;
  context.progress(`ledger: ${sessions} sessions`);
  // Every session carries a real validation result, as prepared sessions do.
  const validation = await validateFile(await makePaddedVideo(join(WORK_DIR, 'upload'), 100 * 1_048_576), {
    tier: 'standard',
  });
  const result = await runChild(process.execPath, [SCRIPT, JSON.stringify({ sessions, validation })], {
    timeoutMs: 300_000,
  });
  const report = result.report as Record<string, unknown>;
  const figure = (key: string) =>
    typeof report[key] === 'number'
      ? formatNumber(report[key] as number, 3)
      : notMeasured(String(report.error ?? 'failed'));
  const table: Table = {
    title: `Ledger — ${sessions} sessions (SQLite, WAL)`,
    headers: ['operation', 'ms per operation'],
    rows: [
      [`prepare: record ${sessions} sessions in one transaction, per session`, figure('prepare')],
      ['record one session in its own transaction', figure('single')],
      [`list all ${sessions} sessions`, figure('listAll')],
      ['list one page of 100', figure('listPage')],
      ['count by state', figure('count')],
      ['record a segment ack (progress)', figure('ackAlone')],
      ['record a segment ack while another process lists in a loop', figure('ackUnderLoad')],
      ['update processing percent while another process lists in a loop', figure('percentUnderLoad')],
    ],
    notes: [
      'Every session carries a real validation result (the JSON the app stores), so rows are the size the app writes.',
      `The reading process listed the newest 200 sessions and counted by state ${String(report.readerLists ?? '?')} times meanwhile.`,
      `Peak RSS of the ledger process: ${result.peakRssKb === null ? '—' : `${formatNumber(result.peakRssKb / 1024, 0)} MB`}.`,
    ],
  };
  return { tables: [table], goals: [], data: { ...report, peakRssKb: result.peakRssKb } };
}
