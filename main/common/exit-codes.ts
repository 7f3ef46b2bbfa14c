// The CLI's exit codes and which error kind ends in which. One rule: `xfer` and anything that
// reports a failure the same way (the accounts command's own report) use it.
import type { ErrorKind } from './errors.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2, environment: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** 2 for what the caller asked wrongly, 3 for what the machine lacks, 1 for any other failure. */
export function exitCodeFor(kind: ErrorKind): ExitCode {
  if (kind === 'bad_request' || kind === 'not_found') return EXIT.usage;
  if (kind === 'environment') return EXIT.environment;
  return EXIT.failed;
}
