// `xfer fix FILE... [--category C] [--tier T] [--out DIR] [--trim] [--ffmpeg PATH]`: writes a copy of each
// failing file that fits X (the original is never written) and prints where, and what changed.
// Exit 0 when every file fits or was fitted, 1 when any cannot be, 2 usage, 3 no usable ffmpeg.
import { basename, join, resolve } from 'node:path';
import { convertFile, type ConvertOutcome } from '../../core/convert/convert-file.ts';
import { locateFfmpeg } from '../../core/convert/ffmpeg-tool.ts';
import { fail, isXferFailure } from '../../common/errors.ts';
import { MEDIA_CATEGORIES, TIERS, type MediaCategory, type Tier } from '../../common/media-types.ts';
import { CONVERTED_DIR } from '../../app/fitting.ts';
import { conversionBar } from '../convert-progress.ts';
import { type CliContext, type CommandRunner } from '../context.ts';
import { EXIT } from '../../common/exit-codes.ts';
import { parseCommand } from '../parse.ts';

export const FIX_OPTIONS = {
  category: { type: 'string' },
  tier: { type: 'string' },
  out: { type: 'string' },
  trim: { type: 'boolean', default: false },
  ffmpeg: { type: 'string' },
} as const;

export interface FixReport {
  file: string;
  status: 'converted' | 'fits' | 'failed';
  output: string | null;
  category: MediaCategory | null;
  changes: string[];
  error: { kind: string; message: string } | null;
}

export const run: CommandRunner = async (argv, ctx) => {
  const { values, positionals } = parseCommand('fix', argv, FIX_OPTIONS);
  if (positionals.length === 0) fail('bad_request', 'fix: give at least one FILE (see xfer fix --help)');
  const category = checkCategory(values.category);
  const tier = checkTier(values.tier);
  const tool = await locateFfmpeg({ configured: values.ffmpeg, env: ctx.env });
  const outDir = values.out ? resolve(values.out) : join(ctx.dataDir, CONVERTED_DIR);
  const reports: FixReport[] = [];
  for (const file of positionals.map((path) => resolve(path))) {
    reports.push(
      await fixOne(ctx, file, {
        tool,
        outDir,
        tier,
        category,
        confirmed: values.trim,
        howToConfirm: 'Run it again with --trim to convert.',
      }),
    );
  }
  if (ctx.json) ctx.stdout.write(`${JSON.stringify(reports)}\n`);
  return reports.some((report) => report.status === 'failed') ? EXIT.failed : EXIT.ok;
};

async function fixOne(
  ctx: CliContext,
  file: string,
  options: Omit<Parameters<typeof convertFile>[1], 'signal' | 'onProgress'>,
): Promise<FixReport> {
  const bar = conversionBar(ctx.stderr, basename(file));
  let outcome: ConvertOutcome;
  try {
    outcome = await convertFile(file, {
      ...options,
      signal: ctx.signal,
      onProgress: (progress) => bar.update(progress),
    });
  } catch (thrown) {
    bar.end();
    if (!isXferFailure(thrown) || thrown.error.kind === 'cancelled' || thrown.error.kind === 'environment')
      throw thrown;
    if (!ctx.json) ctx.stdout.write(`✗ ${thrown.error.message}\n`);
    return { file, status: 'failed', output: null, category: null, changes: [], error: thrown.error };
  }
  bar.end();
  if (outcome.status === 'fits') {
    if (!ctx.json) ctx.stdout.write(`= ${basename(file)} already fits ${outcome.validation.category}: nothing to do\n`);
    return { file, status: 'fits', output: null, category: outcome.validation.category, changes: [], error: null };
  }
  if (!ctx.json) {
    const lines = [`✓ ${basename(file)} → ${outcome.output} (${outcome.plan.category})`];
    for (const change of outcome.plan.changes) lines.push(`  ${change}`);
    for (const left of outcome.plan.remaining) lines.push(`  ! still to fix in the session: ${left}`);
    ctx.stdout.write(`${lines.join('\n')}\n`);
  }
  return {
    file,
    status: 'converted',
    output: outcome.output,
    category: outcome.plan.category,
    changes: outcome.plan.changes,
    error: null,
  };
}

export function checkCategory(value: string | undefined): MediaCategory | undefined {
  if (value === undefined) return undefined;
  if (!(MEDIA_CATEGORIES as readonly string[]).includes(value))
    fail('bad_request', `--category must be one of ${MEDIA_CATEGORIES.join(', ')}; got "${value}"`);
  return value as MediaCategory;
}

function checkTier(value: string | undefined): Tier {
  if (value === undefined) return 'standard';
  if (!(TIERS as readonly string[]).includes(value))
    fail('bad_request', `--tier must be one of ${TIERS.join(', ')}; got "${value}"`);
  return value as Tier;
}
