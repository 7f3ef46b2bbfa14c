// A small OAuth 1.0a client for the sandbox tests, built on main/core/oauth1 only (the real
// x-api client is tested against the sandbox elsewhere; these tests must not depend on it).
import { randomBytes } from 'node:crypto';
import { authorizationHeader, signRequest, type Pair } from '../../../main/core/oauth1/index.ts';
import type { Sandbox } from '../../../main/core/sandbox/index.ts';

export interface CallOptions {
  method?: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  /** application/x-www-form-urlencoded body (signed). */
  form?: Record<string, string>;
  /** multipart/form-data body (not signed); `media` goes as a binary file part. */
  multipart?: { fields: Record<string, string>; media?: Uint8Array };
  json?: unknown;
  /** Which demo user signs (index), or explicit token credentials, or null for consumer-only. */
  user?: number | { token: string; tokenSecret: string } | null;
  nonce?: string;
  /** Unix seconds; defaults to the real clock. */
  timestamp?: number;
  extraOAuth?: Record<string, string>;
  /** Changes the Authorization header after signing (to break it on purpose). */
  tamper?: (header: string) => string;
  consumerSecret?: string;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body: tests read X's shapes freely, so it is untyped on purpose. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export function freshNonce(): string {
  return randomBytes(16).toString('hex');
}

export async function call(sandbox: Sandbox, options: CallOptions): Promise<CallResult> {
  const method = options.method ?? (options.form || options.multipart || options.json !== undefined ? 'POST' : 'GET');
  const url = new URL(options.path, sandbox.url);
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
  const who = options.user === undefined ? 0 : options.user;
  const token =
    who === null
      ? undefined
      : typeof who === 'number'
        ? sandbox.users[who]
        : { token: who.token, tokenSecret: who.tokenSecret };
  if (who !== null && !token) throw new Error(`no sandbox user ${String(who)}`);
  const formParams: Pair[] = Object.entries(options.form ?? {});
  const oauth = signRequest(
    { method, url: url.href, formParams },
    {
      consumer: { consumerKey: sandbox.consumerKey, consumerSecret: options.consumerSecret ?? sandbox.consumerSecret },
      token,
      timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
      nonce: options.nonce ?? freshNonce(),
      extraOAuthParams: options.extraOAuth,
    },
  );
  let header = authorizationHeader(oauth);
  if (options.tamper) header = options.tamper(header);
  const headers: Record<string, string> = { authorization: header };
  let body: string | FormData | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.multipart) {
    const form = new FormData();
    for (const [name, value] of Object.entries(options.multipart.fields)) form.set(name, value);
    if (options.multipart.media) form.set('media', new Blob([options.multipart.media]), 'blob');
    body = form;
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (204, form-encoded login answers, HTML): `text` carries it.
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** Flips one character of the oauth_signature value in a header. */
export function flipSignatureByte(header: string): string {
  return header.replace(/oauth_signature="([^"]+)"/, (_match, value: string) => {
    const first = value[0] === 'A' ? 'B' : 'A';
    return `oauth_signature="${first}${value.slice(1)}"`;
  });
}

/** INIT → APPEND (v1.1, multipart) of `bytes` in `chunk`-sized segments → FINALIZE. Returns the media id. */
export async function uploadV1(
  sandbox: Sandbox,
  bytes: Uint8Array,
  init: { media_type: string; media_category?: string; additional_owners?: string },
  options: { user?: number; chunk?: number; finalize?: boolean; clock?: () => number } = {},
): Promise<{ mediaId: string; finalize: CallResult | null }> {
  const user = options.user ?? 0;
  const stamp = () => (options.clock ? { timestamp: Math.floor(options.clock() / 1000) } : {});
  const initialized = await call(sandbox, {
    path: '/1.1/media/upload.json',
    user,
    ...stamp(),
    form: { command: 'INIT', total_bytes: String(bytes.length), ...init },
  });
  if (initialized.status !== 200) throw new Error(`INIT failed: ${initialized.status} ${initialized.text}`);
  const mediaId = initialized.body.media_id_string as string;
  const chunk = options.chunk ?? 1_048_576;
  for (let index = 0, offset = 0; offset < bytes.length; index += 1, offset += chunk) {
    const appended = await call(sandbox, {
      path: '/1.1/media/upload.json',
      user,
      ...stamp(),
      multipart: {
        fields: { command: 'APPEND', media_id: mediaId, segment_index: String(index) },
        media: bytes.subarray(offset, offset + chunk),
      },
    });
    if (appended.status !== 204) throw new Error(`APPEND failed: ${appended.status} ${appended.text}`);
  }
  if (options.finalize === false) return { mediaId, finalize: null };
  const finalize = await call(sandbox, {
    path: '/1.1/media/upload.json',
    user,
    ...stamp(),
    form: { command: 'FINALIZE', media_id: mediaId },
  });
  return { mediaId, finalize };
}
