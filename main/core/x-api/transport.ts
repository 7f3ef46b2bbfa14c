// One authorized HTTP exchange with X: a fresh Authorization header (OAuth 1.0a signature or
// Bearer token), a timeout joined to the caller's signal, the whole body read (so no socket is
// left half-consumed), and every failure mapped to the error model. Retrying is the engine's job,
// except the one resend a Bearer source asks for after a 401 (its token was refreshed).
import { randomBytes } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { fail, XferFailure, xferError, type XferError } from '../../common/errors.ts';
import type { Pair } from '../oauth1/sign.ts';
import { ConnectionError, exchange, type Answer, type BodyPart } from './http-exchange.ts';
import type { RequestAuth } from './request-auth.ts';
import { rateBudgetOf, type RateBudget } from './rate-budget.ts';
import { errorFromResponse, isErrorOnlyBody } from './response-errors.ts';
import { redact } from '../../common/redact.ts';
import { pausableTimeout } from './pausable-timeout.ts';
import type { BytePacer } from './types.ts';

export interface TransportOptions {
  /** OAuth 1.0a signing (oauth1Auth) or a Bearer token source (bearerAuth). */
  auth: RequestAuth;
  fetch?: typeof fetch | undefined;
  /** ms since epoch. */
  now?: (() => number) | undefined;
  nonce?: (() => string) | undefined;
  /** e.g. an undici Agent trusting a test CA: requests go through its request(). */
  dispatcher?: Dispatcher | undefined;
}

export type RequestBody =
  | { kind: 'none' }
  /** application/x-www-form-urlencoded: the only body whose fields are signed (RFC 5849 §3.4.1.3.1). */
  | { kind: 'form'; fields: readonly Pair[] }
  | { kind: 'json'; value: unknown }
  /** The file part's content: bytes in memory, or an open file's slice read as it is sent. */
  | { kind: 'multipart'; fields: readonly Pair[]; file: { name: string; content: BodyPart } };

export interface OutgoingRequest {
  method: 'GET' | 'POST';
  url: string;
  body: RequestBody;
  /** Names the step in error messages, e.g. "APPEND segment 3". */
  operation: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** A file part's bytes taken by the network so far (see RequestOptions.onBytesSent). */
  onBytesSent?: ((bytes: number) => void) | undefined;
  /** The answer's per-user budget (a success's or a refusal's), when X sent one. */
  onRateBudget?: ((budget: RateBudget) => void) | undefined;
  /** The file part's bytes go out as this allows; its waits do not count toward the timeout. */
  pace?: BytePacer | undefined;
  extraOAuthParams?: Readonly<Record<string, string>>;
}

export type ReceivedResponse = Answer;

export function randomNonce(): string {
  return randomBytes(16).toString('hex');
}

function multipartBody(body: Extract<RequestBody, { kind: 'multipart' }>): {
  contentType: string;
  parts: BodyPart[];
} {
  // Built by hand: a head, the file's content as it is (never copied here), and a tail.
  const boundary = `----xfer${randomBytes(12).toString('hex')}`;
  let head = '';
  for (const [name, value] of body.fields) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  head +=
    `--${boundary}\r\nContent-Disposition: form-data; name="${body.file.name}"; filename="blob"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n';
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    parts: [Buffer.from(head), body.file.content, Buffer.from(`\r\n--${boundary}--\r\n`)],
  };
}

function encodeBody(body: RequestBody): { contentType?: string; parts: BodyPart[] } {
  switch (body.kind) {
    case 'none':
      return { parts: [] };
    case 'form':
      return {
        contentType: 'application/x-www-form-urlencoded',
        parts: [
          Buffer.from(
            new URLSearchParams(body.fields.map(([name, value]): [string, string] => [name, value])).toString(),
          ),
        ],
      };
    case 'json':
      return { contentType: 'application/json', parts: [Buffer.from(JSON.stringify(body.value))] };
    case 'multipart':
      return multipartBody(body);
  }
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

function errorCode(thrown: unknown): string | undefined {
  for (let current = thrown, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** What a thrown request failure means: the caller's abort, our timeout, or the network. */
export function errorFromThrown(
  thrown: unknown,
  operation: string,
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
): XferError {
  if (thrown instanceof XferFailure) return thrown.error;
  if (callerSignal?.aborted) return xferError('cancelled', `${operation}: cancelled`);
  const name = (thrown as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return xferError('network', `${operation}: no answer from X within ${Math.round(timeoutMs / 1000)} s`, {
      timedOut: true,
    });
  }
  const code = errorCode(thrown);
  if (
    thrown instanceof ConnectionError ||
    thrown instanceof TypeError ||
    (code !== undefined && NETWORK_CODES.has(code))
  ) {
    return xferError('network', `${operation}: could not reach X${code ? ` (${code})` : ''}`);
  }
  throw thrown;
}

/** Removes any credential X (or a proxy) might echo back, in any encoding, so no secret reaches a message. */
export function redactSecrets(error: XferError, options: TransportOptions): XferError {
  const message = redact(error.message, options.auth.secretsToRedact());
  return message === error.message ? error : { ...error, message };
}

/**
 * Sends one authorized request and returns the response when it is a success; throws an
 * XferFailure otherwise. The timeout covers each exchange, body included. A 401 to a Bearer
 * token is sent once more when the token source has a fresher token (it expired or was refreshed
 * elsewhere); the body parts (bytes or a file slice read by position) can be sent again as they are.
 */
export async function sendSigned(options: TransportOptions, request: OutgoingRequest): Promise<ReceivedResponse> {
  const first = await sendOnce(options, request);
  if (first.response.status !== 401 || !(await options.auth.retryAfterUnauthorized(first.authorization))) {
    return checked(options, request, first.response);
  }
  return checked(options, request, (await sendOnce(options, request)).response);
}

async function sendOnce(
  options: TransportOptions,
  request: OutgoingRequest,
): Promise<{ response: ReceivedResponse; authorization: string }> {
  if (request.signal?.aborted) fail('cancelled', `${request.operation}: cancelled`);
  const now = options.now ?? Date.now;
  let authorization: string;
  try {
    authorization = await options.auth.header(
      {
        method: request.method,
        url: request.url,
        ...(request.body.kind === 'form' && { formParams: request.body.fields }),
        ...(request.extraOAuthParams && { extraOAuthParams: request.extraOAuthParams }),
      },
      { now, nonce: options.nonce ?? randomNonce },
    );
  } catch (thrown) {
    throw new XferFailure(redactSecrets(errorFromThrown(thrown, request.operation, request.signal, 0), options));
  }
  const encoded = encodeBody(request.body);
  const headers: Record<string, string> = { authorization, accept: 'application/json' };
  if (encoded.contentType) headers['content-type'] = encoded.contentType;
  const timeout = pausableTimeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
  try {
    // The whole answer is read under the signal: a server that stalls mid-body is cut off too.
    const response = await exchange(options, {
      method: request.method,
      url: request.url,
      headers,
      body: encoded.parts,
      signal,
      onFileBytesSent: request.onBytesSent,
      pace: request.pace && timeout.paced(request.pace),
    });
    return { response, authorization };
  } catch (thrown) {
    throw new XferFailure(
      redactSecrets(errorFromThrown(thrown, request.operation, request.signal, request.timeoutMs), options),
    );
  } finally {
    timeout.clear();
  }
}

function checked(options: TransportOptions, request: OutgoingRequest, response: ReceivedResponse): ReceivedResponse {
  const now = options.now ?? Date.now;
  const budget = request.onRateBudget ? rateBudgetOf(response.headers) : null;
  if (budget) request.onRateBudget?.(budget);
  const failed = response.status < 200 || response.status > 299 || isErrorOnlyBody(response.bodyText);
  if (failed) {
    const error = errorFromResponse({ ...response, now: now(), operation: request.operation });
    throw new XferFailure(redactSecrets(error, options));
  }
  return response;
}
