// A small structured logger: one JSON line per event in <data folder>/xfer.log, rotated by size, so a user's bug
// report has something in it. Secrets are kept out by construction, not by care at each call:
// - an event takes flat fields of strings, numbers and booleans only, so no request, header or account object
//   can be handed over whole;
// - a field whose name says secret (token, secret, authorization, password, verifier, signature, pin, cookie)
//   is written as [redacted], whatever it holds;
// - every string goes through redact() (main/common/redact.ts: the secrets this process knows, in any encoding)
//   and through patterns for credentials that look like ones (Bearer values, oauth_* parameters);
// - control characters and ANSI escapes are escaped (main/common/printable.ts), so a file name cannot forge
//   a line or colour a terminal that shows the log.
// Writes are synchronous appends: a few lines per upload, and the last ones survive a crash. Why not pino: its
// file rotation (pino-roll) runs in a worker thread, which the bundled main process would have to ship and
// start, for a volume where its speed buys nothing.
import { appendFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { printable } from '../../common/printable.ts';
import { REDACTED, redact } from '../../common/redact.ts';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Readonly<Record<string, LogValue>>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export const LOG_FILE = 'xfer.log';
/** One file stays under this; the older ones are xfer.log.1 … .{keep}. */
const DEFAULT_MAX_BYTES = 1024 * 1024;
const DEFAULT_KEEP = 3;

const SECRET_FIELD = /secret|token|authorization|password|passphrase|verifier|signature|cookie|^pin$|^code$/i;
const SECRET_SHAPES: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\b(oauth_[a-z_]+)(=|%3D)("?)[^",&\s]*/gi, `$1$2$3${REDACTED}`],
];

export const SILENT_LOGGER: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface FileLoggerOptions {
  dataDir: string;
  /** The lowest level written (default info; XFER_LOG_LEVEL=debug for more). */
  level?: LogLevel;
  /** Secrets this process knows, redacted in any form wherever they appear. */
  secrets?: () => readonly string[];
  maxBytes?: number;
  keep?: number;
  now?: () => number;
}

/** Parses XFER_LOG_LEVEL; anything else reads as info. */
export function logLevelOf(text: string | undefined): LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(text ?? '') ? (text as LogLevel) : 'info';
}

/** A string safe to write: no known secret, nothing shaped like a credential, no control character. */
export function scrub(text: string, secrets: readonly string[]): string {
  let clean = redact(text, secrets);
  for (const [shape, replacement] of SECRET_SHAPES) clean = clean.replace(shape, replacement);
  return printable(clean);
}

export function createFileLogger(options: FileLoggerOptions): Logger {
  const path = join(options.dataDir, LOG_FILE);
  const threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const keep = options.keep ?? DEFAULT_KEEP;
  const now = options.now ?? Date.now;
  let size = sizeOf(path);

  const rotate = (): void => {
    for (let index = keep - 1; index >= 1; index--) renameQuietly(`${path}.${index}`, `${path}.${index + 1}`);
    renameQuietly(path, `${path}.1`);
    size = 0;
  };

  const write = (level: LogLevel, event: string, fields: LogFields = {}): void => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const secrets = options.secrets?.() ?? [];
    const entry: Record<string, string | number | boolean | null> = {
      time: new Date(now()).toISOString(),
      level,
      event: scrub(event, secrets),
    };
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      const name = scrub(key, secrets);
      if (SECRET_FIELD.test(key)) entry[name] = REDACTED;
      else entry[name] = typeof value === 'string' ? scrub(value, secrets) : value;
    }
    const line = `${JSON.stringify(entry)}\n`;
    try {
      if (size > 0 && size + line.length > maxBytes) rotate();
      appendFileSync(path, line, { mode: 0o600 });
      size += Buffer.byteLength(line);
    } catch {
      // A log that cannot be written (full disk, read-only folder) must not stop an upload; the UI says why.
    }
  };
  return {
    debug: (event, fields) => write('debug', event, fields),
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
  };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function renameQuietly(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    // not there yet
  }
}
