// Bearer (OAuth 2.0 user token) verification for the pipeline (reference §9): accepted on /2/
// only (v1.1 never takes OAuth 2.0: 403 code 220), the token must be live (else 401), and the
// route's scopes must all have been granted (else 403 naming the missing ones).
import type { ApiError } from './api-errors.ts';
import type { OAuth2Grants } from './oauth2-grants.ts';

/** The scopes each v2 route needs, as X documents them; a path not listed takes no Bearer token. */
export function scopesFor(method: string, path: string): readonly string[] | null {
  if (path.startsWith('/2/media/')) return ['media.write'];
  if (path === '/2/users/me') return ['tweet.read', 'users.read'];
  if (method === 'POST' && path === '/2/tweets') return ['tweet.read', 'tweet.write', 'users.read'];
  if (method === 'GET' && (/^\/2\/tweets\/[0-9]+$/.test(path) || /^\/2\/users\/[0-9]+\/tweets$/.test(path))) {
    return ['tweet.read', 'users.read'];
  }
  return null;
}

export const bearerErrors = {
  unauthorized: (): ApiError => ({ status: 401, message: 'Unauthorized', problem: 'unsupported-authentication' }),
  notOnThisEndpoint: (): ApiError => ({
    status: 403,
    code: 220,
    message: 'Your credentials do not allow access to this resource.',
    problem: 'not-authorized-for-resource',
  }),
  missingScopes: (missing: readonly string[]): ApiError => ({
    status: 403,
    message: `Missing OAuth 2.0 scopes for this endpoint: ${missing.join(' ')}`,
    problem: 'not-authorized-for-resource',
  }),
};

export type BearerVerification =
  { ok: true; userId: string; token: string } | { ok: false; error: ApiError; violation: string };

export function isBearerHeader(authorization: string | undefined): authorization is string {
  return typeof authorization === 'string' && /^Bearer /i.test(authorization);
}

export function verifyBearer(
  grants: OAuth2Grants,
  authorization: string,
  method: string,
  path: string,
): BearerVerification {
  const scopes = path.startsWith('/2/') ? scopesFor(method, path) : null;
  if (!scopes)
    return {
      ok: false,
      error: bearerErrors.notOnThisEndpoint(),
      violation: 'Bearer token on an endpoint that takes OAuth 1.0a only',
    };
  const token = authorization.slice('Bearer '.length).trim();
  const record = grants.accessToken(token);
  if (!record)
    return { ok: false, error: bearerErrors.unauthorized(), violation: 'unknown, expired or revoked access token' };
  const missing = scopes.filter((scope) => !record.scopes.includes(scope));
  if (missing.length > 0)
    return { ok: false, error: bearerErrors.missingScopes(missing), violation: `missing scopes ${missing.join(' ')}` };
  return { ok: true, userId: record.userId, token };
}
