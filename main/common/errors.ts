// The one error model (environment-neutral: core, the CLI, the IPC contract and the renderer share it). Every expected failure is a value with a kind the UI and the
// engine can act on; anything else is a bug and is thrown as a plain Error.

export type ErrorKind =
  | 'auth' // 401/403, X codes 32, 89, 135, 215: the credentials need attention
  | 'validation' // 400 with X's message, or our own offline checks
  | 'rate_limited' // 429: `until` is when the account may send again (ms since epoch)
  | 'too_large' // 413
  | 'not_found_or_expired' // unknown or expired media id (X 325, 404): re-INIT
  | 'server' // 5xx
  | 'network' // reset, timeout, DNS, refused
  | 'processing_failed' // processing_info.state = failed: `name` and `message` verbatim from X
  | 'cancelled' // the user (or shutdown) aborted
  | 'file_changed' // the file differs from the one that was prepared
  | 'environment' // no keychain, data dir unwritable: exit code 3 in the CLI
  | 'bad_request' // an IPC or CLI payload that does not match its schema
  | 'not_found' // a local entity (session, account, file id) that does not exist
  | 'payment_required' // 402: the app is out of pay-per-use credits; permanent until topped up (reference §8)
  | 'duplicate_content' // 403 duplicate-content: X already has this text from this account (reference §7)
  | 'forbidden' // 403 that is not about credentials, e.g. X's reply restriction: X's words say why
  | 'internal'; // a bug in Xfer (not the file's, X's, the network's or the machine's): the message says what broke

export interface XferError {
  kind: ErrorKind;
  message: string;
  /** Whether trying the same thing again, later, can succeed. */
  retryable: boolean;
  /** HTTP status, when the error came from a response. */
  status?: number;
  /** X's numeric error code, when it sent one. */
  code?: number;
  /** rate_limited: when the window resets (ms since epoch). */
  until?: number;
  /** processing_failed: X's error name, e.g. "InvalidMedia". */
  name?: string;
  /** network: no answer came in time (a stalled link), as opposed to a connection refused or cut. */
  timedOut?: boolean;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: XferError };

const RETRYABLE_BY_DEFAULT: ReadonlySet<ErrorKind> = new Set(['rate_limited', 'server', 'network']);

export function xferError(
  kind: ErrorKind,
  message: string,
  extra: Partial<Omit<XferError, 'kind' | 'message'>> = {},
): XferError {
  return { kind, message, retryable: RETRYABLE_BY_DEFAULT.has(kind), ...extra };
}

/** Thrown to carry an expected failure through async code; caught and turned back into a value. */
export class XferFailure extends Error {
  readonly error: XferError;
  /** `cause`: what went wrong underneath (kept for logs and bug reports; never sent over IPC). */
  constructor(error: XferError, options?: { cause?: unknown }) {
    super(error.message, options);
    this.name = 'XferFailure';
    this.error = error;
  }
}

export function fail(kind: ErrorKind, message: string, extra?: Partial<Omit<XferError, 'kind' | 'message'>>): never {
  throw new XferFailure(xferError(kind, message, extra));
}

/** Like fail, keeping what went wrong underneath as the failure's `cause`. */
export function failFrom(
  cause: unknown,
  kind: ErrorKind,
  message: string,
  extra?: Partial<Omit<XferError, 'kind' | 'message'>>,
): never {
  throw new XferFailure(xferError(kind, message, extra), { cause });
}

export function isXferFailure(value: unknown): value is XferFailure {
  return value instanceof XferFailure;
}
