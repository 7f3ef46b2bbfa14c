// Server-side OAuth 1.0a verification (RFC 5849 §3.2, reference §4), strict like X: the signature
// over query, oauth and url-encoded body parameters (never multipart or JSON), ±300 s clock skew,
// single-use nonces, known tokens only.
import { timingSafeEqual } from 'node:crypto';
import {
  hmacSha1,
  parseAuthorizationHeader,
  queryPairs,
  signatureBaseString,
  signingKey,
  type Pair,
} from '../oauth1/index.ts';
import { apiErrors, type ApiError } from './api-errors.ts';

export const MAX_CLOCK_SKEW_SECS = 300;

export interface TokenRecord {
  secret: string;
  /** The user an access token belongs to; absent for request tokens. */
  userId?: string;
}

export interface VerifyRequest {
  method: string;
  /** Full URL as the client addressed it: scheme, Host header, path and query. */
  url: string;
  authorization: string | undefined;
  /** Pairs of an application/x-www-form-urlencoded body; empty for any other body. */
  formPairs: readonly Pair[];
  /** ms since epoch */
  now: number;
}

/** Which token the route takes: an access token, a request token (PIN exchange), or none. */
export type TokenExpectation = 'access' | 'request' | 'none';

export type Verification =
  | { ok: true; params: Record<string, string>; token: string | null; tokenRecord: TokenRecord | null }
  | { ok: false; error: ApiError; violation: string };

export interface VerifierOptions {
  consumerKey: string;
  consumerSecret: string;
  lookupToken(token: string, kind: 'access' | 'request'): TokenRecord | null;
}

function refuse(error: ApiError, violation: string): Verification {
  return { ok: false, error, violation };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function createVerifier(options: VerifierOptions) {
  // nonce → timestamp (secs). A nonce is single-use within the skew window, per token.
  const seenNonces = new Map<string, number>();

  function forgetOldNonces(nowSecs: number): void {
    if (seenNonces.size < 10_000) return;
    for (const [key, timestamp] of seenNonces) {
      if (Math.abs(nowSecs - timestamp) > 2 * MAX_CLOCK_SKEW_SECS) seenNonces.delete(key);
    }
  }

  function verify(request: VerifyRequest, expect: TokenExpectation): Verification {
    const parsed = parseAuthorizationHeader(request.authorization);
    if (!parsed.ok) return refuse(apiErrors.badAuthenticationData(), `bad authentication data: ${parsed.reason}`);
    const params = parsed.params;
    const { oauth_consumer_key: consumerKey, oauth_signature: signature, oauth_nonce: nonce } = params;
    const timestampText = params.oauth_timestamp;
    if (!consumerKey || !signature || !nonce || !timestampText) {
      return refuse(apiErrors.badAuthenticationData(), 'bad authentication data: missing oauth parameter');
    }
    if (params.oauth_signature_method !== 'HMAC-SHA1') {
      return refuse(apiErrors.couldNotAuthenticate(), 'unsupported oauth_signature_method');
    }
    if (params.oauth_version !== undefined && params.oauth_version !== '1.0') {
      return refuse(apiErrors.couldNotAuthenticate(), 'unsupported oauth_version');
    }
    if (consumerKey !== options.consumerKey) return refuse(apiErrors.couldNotAuthenticate(), 'unknown consumer key');

    const token = params.oauth_token ?? null;
    let tokenRecord: TokenRecord | null = null;
    if (expect !== 'none') {
      if (!token) return refuse(apiErrors.badAuthenticationData(), 'bad authentication data: missing oauth_token');
      tokenRecord = options.lookupToken(token, expect);
      if (!tokenRecord) return refuse(apiErrors.invalidToken(), 'unknown or expired token');
    }

    const nowSecs = Math.floor(request.now / 1000);
    const timestamp = /^[0-9]{1,12}$/.test(timestampText) ? Number(timestampText) : Number.NaN;
    if (!Number.isFinite(timestamp) || Math.abs(nowSecs - timestamp) > MAX_CLOCK_SKEW_SECS) {
      return refuse(apiErrors.timestampOutOfBounds(), 'stale or future oauth_timestamp');
    }

    const withoutSignature = Object.entries(params).filter(([name]) => name !== 'oauth_signature');
    const pairs: Pair[] = [...queryPairs(request.url), ...request.formPairs, ...withoutSignature];
    const base = signatureBaseString(request.method, request.url, pairs);
    const expected = hmacSha1(signingKey(options.consumerSecret, tokenRecord?.secret ?? ''), base);
    if (!sameText(expected, signature)) return refuse(apiErrors.couldNotAuthenticate(), 'bad signature');

    const nonceKey = `${token ?? ''}\n${nonce}`;
    if (seenNonces.has(nonceKey)) return refuse(apiErrors.couldNotAuthenticate(), 'replayed nonce');
    forgetOldNonces(nowSecs);
    seenNonces.set(nonceKey, timestamp);
    return { ok: true, params, token, tokenRecord };
  }

  return { verify };
}

export type Verifier = ReturnType<typeof createVerifier>;
