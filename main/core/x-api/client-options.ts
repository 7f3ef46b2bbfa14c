// What both adapters need: where X is, who signs, and how long to wait.
import type { Dispatcher } from 'undici';
import type { TransportOptions } from './transport.ts';
import { fail } from '../../common/errors.ts';
import { bearerAuth, oauth1Auth } from './request-auth.ts';
import { isBearer, type ClientCredentials, type Endpoints } from './types.ts';
import { type ApiVersion } from '../../common/account.ts';

export interface UploadClientOptions {
  api: ApiVersion;
  endpoints: Endpoints;
  /** OAuth 1.0a secrets (signed requests) or an OAuth 2.0 token source (Bearer, v2 only). */
  credentials: ClientCredentials;
  fetch?: typeof fetch;
  /** ms since epoch; used for oauth_timestamp and retry-after. */
  now?: () => number;
  nonce?: () => string;
  /** Timeout for every request except APPEND (default 30 s). */
  timeoutMs?: number;
  /** Timeout for APPEND, which carries up to 8 MiB (default 60 s). */
  appendTimeoutMs?: number;
  /** e.g. an undici Agent trusting a test CA: requests go through its request(). */
  dispatcher?: Dispatcher;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_APPEND_TIMEOUT_MS = 60_000;

export interface AdapterSettings {
  endpoints: Endpoints;
  transport: TransportOptions;
  timeoutMs: number;
  appendTimeoutMs: number;
}

export function adapterSettings(options: UploadClientOptions): AdapterSettings {
  return {
    endpoints: { apiBase: trimSlash(options.endpoints.apiBase), uploadBase: trimSlash(options.endpoints.uploadBase) },
    transport: {
      auth: authFor(options),
      fetch: options.fetch,
      now: options.now,
      nonce: options.nonce,
      dispatcher: options.dispatcher,
    },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    appendTimeoutMs: options.appendTimeoutMs ?? options.timeoutMs ?? DEFAULT_APPEND_TIMEOUT_MS,
  };
}

function trimSlash(origin: string): string {
  return origin.replace(/\/+$/, '');
}

function authFor(options: UploadClientOptions) {
  const credentials = options.credentials;
  if (isBearer(credentials)) {
    // Reference §9: v1.1 endpoints never accept OAuth 2.0; say so before X does.
    if (options.api === 'v1.1') fail('validation', V1_NEEDS_OAUTH1);
    return bearerAuth(credentials.bearer);
  }
  const { consumerKey, consumerSecret, token, tokenSecret } = credentials;
  return oauth1Auth({ consumerKey, consumerSecret }, { token, tokenSecret });
}

/** Shown wherever an OAuth 2.0 account meets the v1.1 API (the account form, prepare, the client). */
export const V1_NEEDS_OAUTH1 =
  "X's v1.1 upload API accepts only OAuth 1.0a: an OAuth 2.0 account uploads with v2 (choose v2, or add the account with a PIN or tokens)";
