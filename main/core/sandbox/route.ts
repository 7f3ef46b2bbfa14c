// What a sandbox route is: which dialect writes its errors, which token it takes, whether faults
// may hit it, which rate-limit bucket it counts against, and its handler over a parsed request.
import type { ApiError, Dialect } from './api-errors.ts';
import type { SandboxUser } from './credentials.ts';
import type { RateBucket } from './rate-limit.ts';
import type { UploadedFile } from './request-body.ts';
import type { Outcome } from './uploads.ts';
import type { TokenExpectation } from './verifier.ts';

export interface Reply {
  status: number;
  /** Serialised with JSON.stringify (so exactNumber values keep their digits). */
  json?: unknown;
  text?: string;
  contentType?: string;
  /** Extra response headers, e.g. an OAuth 2.0 redirect's location. */
  headers?: Record<string, string>;
}

export type HandlerResult = { ok: true; reply: Reply } | { ok: false; error: ApiError; violation?: string };

export interface RouteContext {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Path parameters, e.g. the media id in /2/media/upload/{id}/append. */
  pathParams: Record<string, string>;
  /** The authenticated user (access-token routes). */
  user: SandboxUser | null;
  /** The verified oauth_* parameters. */
  oauth: Record<string, string>;
  token: string | null;
  /** Fields of a url-encoded or multipart body. */
  fields: Map<string, string>;
  /** A multipart `media` file part. */
  file: UploadedFile | null;
  /** A parsed JSON body, or undefined when the body was not JSON. */
  json: unknown;
  /** The body's media type, lower-case, without parameters. */
  contentType: string;
  bodyBytes: number;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Matched against the path; named groups become pathParams. */
  pattern: RegExp;
  dialect: Dialect;
  /** Which token the signature must carry; 'public' is the one unsigned page (PIN authorize). */
  auth: TokenExpectation | 'public';
  faultable: boolean;
  /** The largest multipart `media` part it reads; the dialect's segment maximum when unset. */
  maxFileBytes?: number;
  /** The rate-limit bucket, known only after the body is parsed for v1.1's one URL. */
  bucket(context: RouteContext): RateBucket | null;
  handle(context: RouteContext): Promise<HandlerResult> | HandlerResult;
}

export function fromOutcome<T>(outcome: Outcome<T>, reply: (value: T) => Reply): HandlerResult {
  return outcome.ok ? { ok: true, reply: reply(outcome.value) } : outcome;
}

export function refuseWith(error: ApiError, violation?: string): HandlerResult {
  return violation === undefined ? { ok: false, error } : { ok: false, error, violation };
}

export const json = (value: unknown, status = 200): Reply => ({ status, json: value });
