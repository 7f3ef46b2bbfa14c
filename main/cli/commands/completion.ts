// `xfer completion bash|zsh|fish`: prints the completion script for the shell (install lines are
// in each script's first comment).
import { fail } from '../../common/errors.ts';
import { completionScript } from '../completion/scripts.ts';
import { SHELLS, completionSpec, type Shell } from '../completion/spec.ts';
import { COMMAND_NAMES } from '../command-names.ts';
import { type CommandRunner } from '../context.ts';
import { EXIT } from '../../common/exit-codes.ts';
import { didYouMean } from '../suggest.ts';

export const run: CommandRunner = async (argv, ctx) => {
  const [shell, ...extra] = argv;
  if (shell === undefined || extra.length > 0)
    fail('bad_request', `completion takes one shell: ${SHELLS.join(', ')} (e.g. xfer completion bash)`);
  if (!(SHELLS as readonly string[]).includes(shell))
    fail('bad_request', `completion: unknown shell "${shell}" (${SHELLS.join(', ')}).${didYouMean(shell, SHELLS)}`);
  ctx.stdout.write(completionScript(shell as Shell, completionSpec(COMMAND_NAMES)));
  return EXIT.ok;
};
