// OAuth 1.0a HMAC-SHA1 request signing (RFC 5849 §3.4), as pure functions.
// Reference: ../shared/x-media-upload.md §4. The server side (sandbox) verifies with the
// same base-string builder; the peer interop tests (tweepy, twitter-api-v2) keep both honest.
import { createHmac } from 'node:crypto';
import { percentEncode } from './percent-encode.ts';

export interface ConsumerCredentials {
  consumerKey: string;
  consumerSecret: string;
}

export interface TokenCredentials {
  token: string;
  tokenSecret: string;
}

export type Pair = readonly [name: string, value: string];

export interface SignableRequest {
  method: string;
  url: string;
  /** Only for application/x-www-form-urlencoded bodies: never multipart fields, never JSON. */
  formParams?: readonly Pair[];
}

export interface SigningContext {
  consumer: ConsumerCredentials;
  token?: TokenCredentials | undefined;
  /** Unix seconds. Injected so tests are deterministic; every request (and retry) gets a fresh one. */
  timestamp: number;
  nonce: string;
  /** Extra oauth_* parameters, e.g. oauth_callback or oauth_verifier. */
  extraOAuthParams?: Readonly<Record<string, string>>;
}

/** Scheme and host lower-case, default port dropped, no query or fragment (RFC 5849 §3.4.1.2). */
export function baseStringUri(rawUrl: string): string {
  const url = new URL(rawUrl);
  const scheme = url.protocol.toLowerCase();
  const host = url.hostname.toLowerCase();
  const defaultPort = (scheme === 'http:' && url.port === '80') || (scheme === 'https:' && url.port === '443');
  const port = url.port && !defaultPort ? `:${url.port}` : '';
  return `${scheme}//${host}${port}${url.pathname}`;
}

/** The query string's pairs, decoded (form-style: '+' is a space). */
export function queryPairs(rawUrl: string): Pair[] {
  const pairs: Pair[] = [];
  for (const [name, value] of new URL(rawUrl).searchParams) pairs.push([name, value]);
  return pairs;
}

/** Encode each name and value, sort by encoded name then value, join (RFC 5849 §3.4.1.3.2). */
export function normalizeParameters(pairs: readonly Pair[]): string {
  return pairs
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

export function signatureBaseString(method: string, rawUrl: string, params: readonly Pair[]): string {
  return [method.toUpperCase(), percentEncode(baseStringUri(rawUrl)), percentEncode(normalizeParameters(params))].join(
    '&',
  );
}

export function signingKey(consumerSecret: string, tokenSecret = ''): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
}

export function hmacSha1(key: string, text: string): string {
  return createHmac('sha1', key).update(text).digest('base64');
}

/** The oauth_* parameters of a request, without the signature. */
export function oauthParameters(ctx: SigningContext): Record<string, string> {
  const params: Record<string, string> = {
    oauth_consumer_key: ctx.consumer.consumerKey,
    oauth_nonce: ctx.nonce,
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: String(ctx.timestamp),
    oauth_version: '1.0',
    ...ctx.extraOAuthParams,
  };
  if (ctx.token) params.oauth_token = ctx.token.token;
  return params;
}

/** Every oauth_* parameter including oauth_signature. */
export function signRequest(request: SignableRequest, ctx: SigningContext): Record<string, string> {
  const oauth = oauthParameters(ctx);
  const all: Pair[] = [...queryPairs(request.url), ...(request.formParams ?? []), ...Object.entries(oauth)];
  const base = signatureBaseString(request.method, request.url, all);
  const signature = hmacSha1(signingKey(ctx.consumer.consumerSecret, ctx.token?.tokenSecret), base);
  return { ...oauth, oauth_signature: signature };
}

export function authorizationHeader(oauthParams: Readonly<Record<string, string>>): string {
  const parts = Object.entries(oauthParams)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`);
  return `OAuth ${parts.join(', ')}`;
}

/** Convenience: the Authorization header value for one request. */
export function signedAuthorization(request: SignableRequest, ctx: SigningContext): string {
  return authorizationHeader(signRequest(request, ctx));
}
