// The OAuth 2.0 client side of Authorization Code with PKCE (reference §9), over oauth4webapi: the
// authorize URL with an S256 challenge and a random state, the callback's check (state, X's error),
// the code exchange, the refresh grant and revoke. A public client: client_id in the body, no secret.
// Every failure becomes an XferError: X's `error_description` verbatim, and whether it is for good
// (the grant is gone: sign in again) or worth retrying (network, 5xx).
import type * as OAuth from 'oauth4webapi';
import { XferFailure, xferError, type XferError } from '../../common/errors.ts';
import { authorizationServer, XFER_OAUTH2_SCOPES } from './endpoints.ts';

type OAuthLibrary = typeof OAuth;
let loading: Promise<OAuthLibrary> | undefined;

/**
 * oauth4webapi, loaded by the first OAuth 2.0 call: every command that opens the services reaches this module
 * (through the accounts' token sources), and only an OAuth 2.0 account's sign-in, refresh or revoke uses it.
 */
function library(): Promise<OAuthLibrary> {
  return (loading ??= import('oauth4webapi'));
}

export interface OAuth2Client {
  clientId: string;
  apiBase: string;
  /** Tests: a fetch bound to a test server. */
  fetch?: typeof fetch;
}

export interface OAuth2Tokens {
  accessToken: string;
  refreshToken: string;
  /** ms since epoch. */
  expiresAt: number;
  scope: string;
}

export interface PendingAuthorization {
  authorizeUrl: string;
  state: string;
  codeVerifier: string;
  redirectUri: string;
}

export const DEFAULT_ACCESS_TOKEN_SECS = 7200;
const TIMEOUT_MS = 30_000;

/** The library, loaded on the first call, and what each of its calls takes for this client. */
async function parts(client: OAuth2Client) {
  const oauth = await library();
  const as = authorizationServer(client.apiBase);
  const options = {
    // The sandbox and loopback proxies speak plain http; X itself is https.
    [oauth.allowInsecureRequests]: as.issuer.startsWith('http:'),
    signal: AbortSignal.timeout(TIMEOUT_MS),
    ...(client.fetch && { [oauth.customFetch]: client.fetch }),
  };
  return { oauth, as, client: { client_id: client.clientId } satisfies OAuth.Client, options };
}

export async function beginAuthorization(
  client: OAuth2Client,
  redirectUri: string,
  scopes: readonly string[] = XFER_OAUTH2_SCOPES,
): Promise<PendingAuthorization> {
  const { oauth, as } = await parts(client);
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint ?? '');
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', client.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('scope', scopes.join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return { authorizeUrl: url.href, state, codeVerifier, redirectUri };
}

/** Checks the redirect X sent to the callback (state, error) and exchanges its code for tokens. */
export async function finishAuthorization(
  client: OAuth2Client,
  pending: PendingAuthorization,
  callback: URLSearchParams,
  now: () => number = Date.now,
): Promise<OAuth2Tokens> {
  const { oauth, as, client: oauthClient, options } = await parts(client);
  let checked: URLSearchParams;
  try {
    checked = oauth.validateAuthResponse(as, oauthClient, callback, pending.state);
  } catch (thrown) {
    throw new XferFailure(callbackError(oauth, thrown));
  }
  return tokenCall(oauth, 'sign-in', now, async () => {
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      oauthClient,
      oauth.None(),
      checked,
      pending.redirectUri,
      pending.codeVerifier,
      options,
    );
    return oauth.processAuthorizationCodeResponse(as, oauthClient, response);
  });
}

/** One refresh grant: the answer carries a new refresh token (X rotates them); the old one is spent. */
export async function refreshTokens(
  client: OAuth2Client,
  refreshToken: string,
  now: () => number = Date.now,
): Promise<OAuth2Tokens> {
  const { oauth, as, client: oauthClient, options } = await parts(client);
  return tokenCall(oauth, 'refresh', now, async () => {
    const response = await oauth.refreshTokenGrantRequest(as, oauthClient, oauth.None(), refreshToken, options);
    return oauth.processRefreshTokenResponse(as, oauthClient, response);
  });
}

export async function revokeToken(client: OAuth2Client, token: string): Promise<void> {
  const { oauth, as, client: oauthClient, options } = await parts(client);
  try {
    const response = await oauth.revocationRequest(as, oauthClient, oauth.None(), token, options);
    await oauth.processRevocationResponse(response);
  } catch (thrown) {
    throw new XferFailure(tokenError(oauth, 'revoke', thrown));
  }
}

async function tokenCall(
  oauth: OAuthLibrary,
  operation: string,
  now: () => number,
  call: () => Promise<OAuth.TokenEndpointResponse>,
): Promise<OAuth2Tokens> {
  let answer: OAuth.TokenEndpointResponse;
  try {
    answer = await call();
  } catch (thrown) {
    throw new XferFailure(tokenError(oauth, operation, thrown));
  }
  if (!answer.refresh_token) {
    throw new XferFailure(
      xferError('auth', `${operation}: X sent no refresh token (the app must grant offline.access)`, {
        retryable: false,
      }),
    );
  }
  return {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token,
    expiresAt: now() + (answer.expires_in ?? DEFAULT_ACCESS_TOKEN_SECS) * 1000,
    scope: answer.scope ?? '',
  };
}

/** Errors the token endpoint answers that no retry fixes: the grant (or the app) is gone. */
const FINAL_ERRORS = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client', 'invalid_scope']);

function tokenError(oauth: OAuthLibrary, operation: string, thrown: unknown): XferError {
  if (thrown instanceof oauth.ResponseBodyError) {
    const said = thrown.error_description ? `${thrown.error}: ${thrown.error_description}` : thrown.error;
    if (thrown.status >= 500)
      return xferError('server', `${operation}: X had a server error: ${said}`, { status: thrown.status });
    return xferError(FINAL_ERRORS.has(thrown.error) ? 'auth' : 'validation', `${operation}: X refused: ${said}`, {
      status: thrown.status,
      retryable: false,
    });
  }
  if (thrown instanceof oauth.OperationProcessingError) {
    return xferError('server', `${operation}: X's answer was not a valid OAuth 2.0 response (${thrown.message})`);
  }
  const name = (thrown as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return xferError('network', `${operation}: no answer from X within 30 s`);
  if (thrown instanceof TypeError) return xferError('network', `${operation}: could not reach X`);
  throw thrown;
}

function callbackError(oauth: OAuthLibrary, thrown: unknown): XferError {
  if (thrown instanceof oauth.AuthorizationResponseError) {
    const said = thrown.error_description ?? thrown.error;
    return xferError('auth', `X did not authorize Xfer: ${said}`, { retryable: false });
  }
  if (thrown instanceof oauth.OperationProcessingError) {
    // Chiefly a state that is not ours: the redirect did not come from this sign-in.
    return xferError('auth', `The redirect does not belong to this sign-in (${thrown.message}): start again`, {
      retryable: false,
    });
  }
  throw thrown;
}
