// One error model for every X answer (reference §2): whatever the body's shape, a failed
// response becomes an XferError whose kind tells the engine what to do next.
import { xferError, type XferError } from '../../common/errors.ts';
import { isRecord, numberField, parseJsonLossless, stringField } from './json.ts';
import type { HeaderLookup } from './header-lookup.ts';
import type { ProcessingInfo } from './types.ts';

/** What X said, whichever of its body shapes carried it. */
export interface XProblem {
  message?: string;
  code?: number;
  /** The last segment of a v2 problem `type` URI, e.g. "resource-not-found". */
  problemType?: string;
}

// X codes that mean the credentials (or the clock) need attention (reference §2).
const AUTH_CODES: ReadonlySet<number> = new Set([32, 89, 135, 215]);
const SERVER_CODES: ReadonlySet<number> = new Set([130, 131]);
const RATE_LIMIT_CODE = 88;
const MEDIA_NOT_FOUND_CODE = 325;
const AUTH_PROBLEMS: ReadonlySet<string> = new Set([
  'not-authorized-for-resource',
  'client-forbidden',
  'unsupported-authentication',
]);
// When X gives no reset time, wait one minute before asking again.
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
const MAX_QUOTED_BODY = 200;

function problemTypeOf(type: string | undefined): string | undefined {
  if (!type) return undefined;
  const match = /\/2\/problems\/([a-z-]+)\s*$/.exec(type);
  return match?.[1] ?? undefined;
}

function problemFromEntry(entry: Record<string, unknown>): XProblem {
  const type = problemTypeOf(stringField(entry, 'type'));
  const detail = stringField(entry, 'detail');
  const message = stringField(entry, 'message') ?? detail ?? stringField(entry, 'title');
  const code = numberField(entry, 'code');
  return {
    ...(message !== undefined && { message }),
    ...(code !== undefined && { code }),
    ...(type !== undefined && { problemType: type }),
  };
}

/**
 * Reads X's explanation from any body: v1.1 and v2 `{"errors":[…]}` (also beside `data`),
 * the upload host's `{"request","error"}`, v2 problem JSON `{title,detail,type,status}`,
 * or plain text. Returns an empty problem when the body says nothing usable.
 */
export function parseProblem(bodyText: string): XProblem {
  const body = parseJsonLossless(bodyText);
  if (body === undefined) {
    // Not JSON: quote plain text (short), never an HTML page.
    const text = bodyText.trim();
    if (text === '' || text.startsWith('<')) return {};
    return { message: text.length > MAX_QUOTED_BODY ? `${text.slice(0, MAX_QUOTED_BODY)}…` : text };
  }
  if (!isRecord(body)) return {};
  const errors = body.errors;
  if (Array.isArray(errors)) {
    const first = errors.find(isRecord);
    if (first) {
      const entry = problemFromEntry(first);
      // Problem JSON that also carries `errors`: the type may be only at the top (X's v2 does both).
      const topType = problemTypeOf(stringField(body, 'type'));
      return entry.problemType === undefined && topType !== undefined ? { ...entry, problemType: topType } : entry;
    }
  }
  const uploadHostError = stringField(body, 'error');
  if (uploadHostError !== undefined) return { message: uploadHostError };
  if (stringField(body, 'title') !== undefined || stringField(body, 'type') !== undefined) {
    return problemFromEntry(body);
  }
  return {};
}

/** Whether a v2 body carries `errors` but no `data`: a failure even with a 2xx status. */
export function isErrorOnlyBody(bodyText: string): boolean {
  const body = parseJsonLossless(bodyText);
  return isRecord(body) && Array.isArray(body.errors) && body.errors.length > 0 && body.data === undefined;
}

/** When the account may send again: x-rate-limit-reset (unix s), else retry-after, else a minute. */
export function rateLimitUntil(headers: HeaderLookup, now: number): number {
  const reset = Number(headers.get('x-rate-limit-reset'));
  if (headers.get('x-rate-limit-reset') && Number.isFinite(reset) && reset > 0) return reset * 1000;
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return now + seconds * 1000;
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return date;
  }
  return now + DEFAULT_RATE_LIMIT_WAIT_MS;
}

export interface FailedResponse {
  status: number;
  headers: HeaderLookup;
  bodyText: string;
  /** ms since epoch, for retry-after. */
  now: number;
  /** What was being done, for the message: "INIT", "APPEND segment 3", … */
  operation: string;
}

/** Maps a failed (or error-only) response to the error model (reference §2). */
export function errorFromResponse(response: FailedResponse): XferError {
  const { status, headers, operation } = response;
  const problem = parseProblem(response.bodyText);
  const said = problem.message ?? `HTTP ${status}`;
  const extra = {
    status,
    ...(problem.code !== undefined && { code: problem.code }),
  };
  const code = problem.code;
  if (status === 429 || code === RATE_LIMIT_CODE || problem.problemType === 'rate-limit-exceeded') {
    return xferError('rate_limited', `${operation}: X rate limit reached: ${said}`, {
      ...extra,
      until: rateLimitUntil(headers, response.now),
    });
  }
  if (status === 402) {
    return xferError('payment_required', `${operation}: X says the app is out of credits: ${said}`, extra);
  }
  if (status === 403 && problem.problemType === 'duplicate-content') {
    return xferError('duplicate_content', `${operation}: ${said}`, extra);
  }
  // A v2 403 with neither an error code nor an authentication problem type (X's reply restriction answers
  // `type: about:blank`) is X refusing this action, not the credentials: X's words say why.
  if (
    status === 403 &&
    code === undefined &&
    (problem.problemType === undefined || !AUTH_PROBLEMS.has(problem.problemType))
  ) {
    return xferError('forbidden', `${operation}: X refused: ${said}`, extra);
  }
  if (
    status === 401 ||
    status === 403 ||
    (code !== undefined && AUTH_CODES.has(code)) ||
    (problem.problemType !== undefined && AUTH_PROBLEMS.has(problem.problemType))
  ) {
    return xferError('auth', `${operation}: X refused the credentials: ${said}`, extra);
  }
  if (status === 404 || code === MEDIA_NOT_FOUND_CODE || problem.problemType === 'resource-not-found') {
    return xferError(
      'not_found_or_expired',
      `${operation}: X does not know this media id (unknown or expired): ${said}`,
      extra,
    );
  }
  if (status === 413) return xferError('too_large', `${operation}: X says the request is too large: ${said}`, extra);
  if (status >= 500 || (code !== undefined && SERVER_CODES.has(code)) || problem.problemType === 'internal-error') {
    return xferError('server', `${operation}: X had a server error: ${said}`, extra);
  }
  // 400 and any other refusal: X's own words, which the user can act on.
  return xferError('validation', `${operation}: ${said}`, extra);
}

/**
 * The error for media X could not process: X's name and message verbatim (reference §1
 * "Processing"). The client returns a failed media object; the caller decides to throw this.
 */
export function processingFailure(info: ProcessingInfo): XferError {
  const name = info.error?.name;
  const message = info.error?.message ?? 'X could not process the media';
  return xferError('processing_failed', message, {
    ...(name !== undefined && { name }),
    ...(info.error?.code !== undefined && { code: info.error.code }),
  });
}
