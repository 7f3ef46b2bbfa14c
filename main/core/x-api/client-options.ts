// What both adapters need: where X is, who signs, and how long to wait.
import type { Dispatcher } from 'undici';
import type { TransportOptions } from './transport.ts';
import type { ApiVersion, Endpoints, UserCredentials } from './types.ts';

export interface UploadClientOptions {
  api: ApiVersion;
  endpoints: Endpoints;
  credentials: UserCredentials;
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
  const { consumerKey, consumerSecret, token, tokenSecret } = options.credentials;
  return {
    endpoints: { apiBase: trimSlash(options.endpoints.apiBase), uploadBase: trimSlash(options.endpoints.uploadBase) },
    transport: {
      consumer: { consumerKey, consumerSecret },
      token: { token, tokenSecret },
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
