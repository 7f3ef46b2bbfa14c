// PIN (out-of-band) login for a desktop app (reference §4 "PIN login"): a request token
// signed with the consumer only, the user approves in a browser and reads a PIN, then the
// PIN is exchanged for the account's token. Responses are form-encoded.
import type { Dispatcher } from 'undici';
import { fail } from '../../common/errors.ts';
import type { ConsumerCredentials, TokenCredentials } from '../oauth1/sign.ts';
import { DEFAULT_TIMEOUT_MS } from './client-options.ts';
import { oauth1Auth } from './request-auth.ts';
import { sendSigned } from './transport.ts';

export interface PinLoginOptions {
  fetch?: typeof fetch;
  now?: () => number;
  nonce?: () => string;
  timeoutMs?: number;
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
}

export interface RequestTokenResult {
  token: string;
  tokenSecret: string;
  /** Where the user approves the app and reads the PIN. */
  authorizeUrl: string;
}

export interface AccessTokenResult {
  token: string;
  tokenSecret: string;
  userId: string;
  screenName: string;
}

function formFields(bodyText: string, operation: string, names: readonly string[]): Record<string, string> {
  const fields = new URLSearchParams(bodyText.trim());
  const result: Record<string, string> = {};
  for (const name of names) {
    const value = fields.get(name);
    if (!value) fail('server', `${operation}: X's answer has no ${name}`);
    result[name] = value;
  }
  return result;
}

function origin(apiBase: string): string {
  return apiBase.replace(/\/+$/, '');
}

export async function requestToken(
  consumer: ConsumerCredentials,
  apiBase: string,
  options: PinLoginOptions = {},
): Promise<RequestTokenResult> {
  const operation = 'request token';
  // A desktop app has no callback URL: X requires "oob" (error 417 otherwise).
  const response = await postOAuthStep(oauth1Auth(consumer), apiBase, 'request_token', operation, options, {
    oauth_callback: 'oob',
  });
  const fields = formFields(response.bodyText, operation, [
    'oauth_token',
    'oauth_token_secret',
    'oauth_callback_confirmed',
  ]);
  if (fields.oauth_callback_confirmed !== 'true') fail('server', `${operation}: X did not confirm the callback`);
  const token = fields.oauth_token ?? '';
  return {
    token,
    tokenSecret: fields.oauth_token_secret ?? '',
    authorizeUrl: `${origin(apiBase)}/oauth/authorize?${new URLSearchParams({ oauth_token: token })}`,
  };
}

export async function accessToken(
  consumer: ConsumerCredentials,
  requestTokenCredentials: TokenCredentials,
  pin: string,
  apiBase: string,
  options: PinLoginOptions = {},
): Promise<AccessTokenResult> {
  const operation = 'access token';
  const verifier = pin.trim();
  if (!/^[A-Za-z0-9]{1,64}$/.test(verifier)) fail('validation', 'the PIN is the short code X showed after approval');
  const response = await postOAuthStep(
    oauth1Auth(consumer, requestTokenCredentials),
    apiBase,
    'access_token',
    operation,
    options,
    { oauth_verifier: verifier },
  );

  const fields = formFields(response.bodyText, operation, [
    'oauth_token',
    'oauth_token_secret',
    'user_id',
    'screen_name',
  ]);
  return {
    token: fields.oauth_token ?? '',
    tokenSecret: fields.oauth_token_secret ?? '',
    userId: fields.user_id ?? '',
    screenName: fields.screen_name ?? '',
  };
}

/** One signed, bodiless POST to `/oauth/<step>` (request_token or access_token) with its extra OAuth parameter. */
function postOAuthStep(
  auth: ReturnType<typeof oauth1Auth>,
  apiBase: string,
  step: 'request_token' | 'access_token',
  operation: string,
  options: PinLoginOptions,
  extraOAuthParams: Record<string, string>,
) {
  return sendSigned(
    { auth, fetch: options.fetch, now: options.now, nonce: options.nonce, dispatcher: options.dispatcher },
    {
      method: 'POST',
      url: `${origin(apiBase)}/oauth/${step}`,
      body: { kind: 'none' },
      operation,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      signal: options.signal,
      extraOAuthParams,
    },
  );
}
