// How one request to X is authorized, behind one interface: OAuth 1.0a signs each request
// (reference §4); OAuth 2.0 sends `Authorization: Bearer` with the account's current access
// token (reference §9). The transport asks for a header per attempt and, after a 401, lets a
// Bearer source refresh once and send the request again; signing never retries (a 401 there is
// a wrong secret, which no retry fixes).
import { signedAuthorization, type ConsumerCredentials, type Pair, type TokenCredentials } from '../oauth1/sign.ts';

export interface AuthorizableRequest {
  method: string;
  url: string;
  /** Only for application/x-www-form-urlencoded bodies (OAuth 1.0a signs them). */
  formParams?: readonly Pair[];
  /** OAuth 1.0a only, e.g. oauth_callback or oauth_verifier. */
  extraOAuthParams?: Readonly<Record<string, string>>;
}

export interface RequestAuth {
  readonly scheme: 'oauth1' | 'bearer';
  /** The Authorization header for one attempt (OAuth 1.0a: a fresh nonce and timestamp each time). */
  header(request: AuthorizableRequest, clock: { now: () => number; nonce: () => string }): Promise<string>;
  /**
   * After X answered 401 to `rejectedHeader`: true when fresher credentials exist now (a refresh,
   * or another request's refresh) so the request may be sent once more.
   */
  retryAfterUnauthorized(rejectedHeader: string): Promise<boolean>;
  /** Values no error message may quote (X or a proxy might echo them back). */
  secretsToRedact(): readonly string[];
}

/** Where an OAuth 2.0 account's access token comes from (main/core/accounts refreshes it). */
export interface BearerTokenSource {
  /** A token valid for at least a little while: refreshed first when it is about to expire. */
  accessToken(): Promise<string>;
  /** X refused `rejected` (401): returns a newer token, refreshing once if nobody has yet; null if none. */
  refreshAfterRejection(rejected: string): Promise<string | null>;
}

export function oauth1Auth(consumer: ConsumerCredentials, token?: TokenCredentials): RequestAuth {
  return {
    scheme: 'oauth1',
    header: async (request, clock) =>
      signedAuthorization(
        { method: request.method, url: request.url, ...(request.formParams && { formParams: request.formParams }) },
        {
          consumer,
          token,
          timestamp: Math.floor(clock.now() / 1000),
          nonce: clock.nonce(),
          ...(request.extraOAuthParams && { extraOAuthParams: request.extraOAuthParams }),
        },
      ),
    retryAfterUnauthorized: async () => false,
    secretsToRedact: () =>
      [consumer.consumerSecret, consumer.consumerKey, token?.token, token?.tokenSecret].filter(isText),
  };
}

export function bearerAuth(source: BearerTokenSource): RequestAuth {
  const seen = new Set<string>(); // every token this client used, so none is ever quoted back
  return {
    scheme: 'bearer',
    async header() {
      const token = await source.accessToken();
      seen.add(token);
      return `Bearer ${token}`;
    },
    async retryAfterUnauthorized(rejectedHeader) {
      const rejected = rejectedHeader.replace(/^Bearer /, '');
      const fresh = await source.refreshAfterRejection(rejected);
      return fresh !== null && fresh !== rejected;
    },
    secretsToRedact: () => [...seen],
  };
}

function isText(value: string | undefined): value is string {
  return typeof value === 'string';
}
