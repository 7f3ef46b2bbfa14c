// `xfer upload FILE... --account NAME [...]`: prepare, then send the ready ones and wait.
// Exit 0 only when every file was uploaded (a draft counts as not uploaded).
import { basename } from 'node:path';
import { withServices } from '../cli-services.ts';
import { EXIT } from '../../common/exit-codes.ts';
import type { CommandRunner } from '../context.ts';
import { parseCommand, parseConcurrency } from '../parse.ts';
import { PREPARE_OPTIONS, checkPrepareRequest, prepareItems } from '../prepare-options.ts';
import { allSucceeded, sendAndWait } from '../send-flow.ts';
import { report } from './send.ts';
import { count } from '../words.ts';
import { printable } from '../../common/printable.ts';

export const UPLOAD_OPTIONS = { ...PREPARE_OPTIONS, concurrency: { type: 'string' } } as const;

export const run: CommandRunner = async (argv, ctx) => {
  const { values, positionals } = parseCommand('upload', argv, UPLOAD_OPTIONS);
  const request = await checkPrepareRequest('upload', values, positionals);
  const concurrency = parseConcurrency(values.concurrency);
  return withServices(
    ctx,
    async (services) => {
      // Before preparing: if another process is sending from this folder, exit 3 and leave no new rows.
      services.engine.claimSending();
      const prepared = await services.prepare(await prepareItems(services, request));
      const drafts = prepared.filter((session) => session.state !== 'ready');
      // Said at once (a send can take long), in one line: the reasons come once, in the table on stdout at the end,
      // as prepare and validate give them; printing that table here too showed it twice on a terminal.
      if (!ctx.json && drafts.length > 0) {
        const which = drafts.length === 1 ? '1 file did' : `${count(drafts.length, 'file')} did`;
        const names = drafts.map((session) => printable(basename(session.file))).join(', ');
        ctx.stderr.write(`xfer: ${which} not pass validation and will not be sent: ${names}\n`);
      }
      const ready = prepared.filter((session) => session.state === 'ready').map((session) => session.id);
      const outcome =
        ready.length > 0 ? await sendAndWait(ctx, services, ready) : { sessions: [], refused: [], interrupted: false };
      // Every file appears in the output, drafts included, in the order given.
      const sent = new Map(outcome.sessions.map((session) => [session.id, session]));
      report(ctx, services, { ...outcome, sessions: prepared.map((session) => sent.get(session.id) ?? session) });
      return drafts.length === 0 && allSucceeded(outcome) ? EXIT.ok : EXIT.failed;
    },
    concurrency ? { engine: { concurrency: { uploadsPerAccount: concurrency } } } : {},
  );
};
