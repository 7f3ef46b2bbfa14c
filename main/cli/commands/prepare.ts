// `xfer prepare FILE... --account NAME [--category C] [--owners A,B] [--alt TEXT]`: validate
// offline and record sessions — ready, or draft with the reasons. No network.
import { accountNames, withServices } from '../cli-services.ts';
import { EXIT, type CommandRunner } from '../context.ts';
import { parseCommand } from '../parse.ts';
import { PREPARE_OPTIONS, checkPrepareRequest, prepareItems } from '../prepare-options.ts';
import { printSessions } from '../session-output.ts';

export const run: CommandRunner = async (argv, ctx) => {
  const { values, positionals } = parseCommand('prepare', argv, PREPARE_OPTIONS);
  const request = await checkPrepareRequest('prepare', values, positionals);
  return withServices(ctx, async (services) => {
    const sessions = await services.prepare(await prepareItems(services, request));
    printSessions(ctx, sessions, accountNames(services));
    return sessions.every((session) => session.state === 'ready') ? EXIT.ok : EXIT.failed;
  });
};
