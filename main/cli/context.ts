// What every `xfer` command receives. Commands write only through these streams so tests can
// capture them, and return their exit code: 0 ok, 1 some upload or check failed,
// 2 usage error, 3 environment problem (no keychain, data dir unwritable, another Xfer
// process is sending from the same data folder).
import type { Writable } from 'node:stream';
import type { ExitCode } from '../common/exit-codes.ts';
import type { Palette } from './color.ts';
import type { BandwidthLimit } from '../common/bandwidth.ts';

export interface CliContext {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  /** --data-dir, XFER_DATA_DIR, or the OS app-data folder. */
  dataDir: string;
  /** --json: exactly one JSON document on stdout, nothing else there. */
  json: boolean;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
  /** Colour for stdout and stderr (absent: none) — on a terminal, unless NO_COLOR or --no-color. */
  palette?: Palette;
  stderrPalette?: Palette;
  /** --bwlimit: bytes/s (null: no cap) for what this run sends; absent: the bandwidthLimit preference. */
  bandwidthLimit?: BandwidthLimit;
}

/** A command module's one export. `argv` holds the words after the command name, global options removed. */
export type CommandRunner = (argv: string[], ctx: CliContext) => Promise<ExitCode>;
