// Where X's OAuth 2.0 endpoints are (reference §9). On X the authorize page is on x.com and the token
// and revoke endpoints on api.x.com; an account with its own API base (a proxy, the sandbox) has them
// all on that one server, as `--api-base` promises.
import type { AuthorizationServer } from 'oauth4webapi';

export const X_API_BASE = 'https://api.x.com';
export const X_AUTHORIZE_URL = 'https://x.com/i/oauth2/authorize';

/** The scopes Xfer asks for; `offline.access` is what yields a refresh token. */
export const XFER_OAUTH2_SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'];

/** RFC 8252 loopback redirect; X wants 127.0.0.1 (not localhost) and matches it exactly. */
export const DEFAULT_OAUTH2_PORT = 53682;
export const DEFAULT_REDIRECT_URI = `http://127.0.0.1:${DEFAULT_OAUTH2_PORT}/callback`;

export function authorizationServer(apiBase: string): AuthorizationServer {
  const base = apiBase.replace(/\/+$/, '');
  return {
    issuer: base,
    authorization_endpoint: base === X_API_BASE ? X_AUTHORIZE_URL : `${base}/i/oauth2/authorize`,
    token_endpoint: `${base}/2/oauth2/token`,
    revocation_endpoint: `${base}/2/oauth2/revoke`,
    code_challenge_methods_supported: ['S256'],
  };
}
