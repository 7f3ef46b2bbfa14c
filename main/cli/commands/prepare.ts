// `xfer prepare FILE... --account NAME [--category C] [--owners A,B] [--alt TEXT] [--fix]`: validate
// offline and record sessions — ready, or draft with the reasons. With --fix, a failing file is first
// converted into the data folder (needs ffmpeg) and the session records the copy. No network.
import { basename } from 'node:path';
import type { PrepareItem } from '../../core/sessions/prepare.ts';
import type { Services } from '../../app/services.ts';
import { convertFile } from '../../core/convert/convert-file.ts';
import { locateFfmpeg } from '../../core/convert/ffmpeg-tool.ts';
import { isXferFailure } from '../../common/errors.ts';
import { rulesFor } from '../../core/media/rules.ts';
import { accountNames, withServices } from '../cli-services.ts';
import { conversionBar } from '../convert-progress.ts';
import { type CliContext, type CommandRunner } from '../context.ts';
import { EXIT } from '../../common/exit-codes.ts';
import { parseCommand } from '../parse.ts';
import { PREPARE_OPTIONS, checkPrepareRequest, prepareItems } from '../prepare-options.ts';
import { printSessions } from '../session-output.ts';
import { printable } from '../../common/printable.ts';

const OPTIONS = { ...PREPARE_OPTIONS, fix: { type: 'boolean', default: false }, ffmpeg: { type: 'string' } } as const;

export const run: CommandRunner = async (argv, ctx) => {
  const { values, positionals } = parseCommand('prepare', argv, OPTIONS);
  const request = await checkPrepareRequest('prepare', values, positionals);
  return withServices(ctx, async (services) => {
    let items = await prepareItems(services, request);
    if (values.fix) items = await fitItems(ctx, services, items, values.ffmpeg);
    const sessions = await services.prepare(items);
    printSessions(ctx, sessions, accountNames(services));
    return sessions.every((session) => session.state === 'ready') ? EXIT.ok : EXIT.failed;
  });
};

/** Each failing file replaced by a fitted copy; one that cannot be cured stays, and its session is a draft. */
async function fitItems(
  ctx: CliContext,
  services: Services,
  items: PrepareItem[],
  ffmpeg: string | undefined,
): Promise<PrepareItem[]> {
  const tool = await locateFfmpeg({ configured: ffmpeg, env: ctx.env });
  const fitted: PrepareItem[] = [];
  for (const item of items) {
    const bar = conversionBar(ctx.stderr, basename(item.path));
    try {
      const outcome = await convertFile(item.path, {
        tool,
        outDir: services.fitting.outDir,
        tier: services.accounts.get(item.accountId).tier,
        category: item.category,
        naming: 'keyed',
        howToConfirm: 'Fit it with xfer fix --trim, then prepare the copy.',
        signal: ctx.signal,
        onProgress: (progress) => bar.update(progress),
      });
      bar.end();
      if (outcome.status === 'fits') {
        fitted.push(item);
        continue;
      }
      if (!ctx.json) ctx.stderr.write(`xfer: ${basename(item.path)} fitted: ${outcome.plan.changes.join('; ')}\n`);
      const keepsAlt = rulesFor(outcome.plan.category).altText.value.allowed;
      fitted.push({
        ...item,
        path: outcome.output,
        category: outcome.plan.category,
        conversion: outcome.record,
        altText: keepsAlt ? item.altText : null,
      });
    } catch (thrown) {
      bar.end();
      if (!isXferFailure(thrown) || thrown.error.kind !== 'validation') throw thrown;
      ctx.stderr.write(`xfer: ${printable(thrown.error.message)}\n`);
      fitted.push(item);
    }
  }
  return fitted;
}
