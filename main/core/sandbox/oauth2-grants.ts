// The sandbox's OAuth 2.0 authorization server state (reference §9): clients, consents waiting for
// the user, single-use authorization codes bound to a PKCE S256 challenge, and grants ("families")
// whose refresh tokens rotate on every use. Reusing a spent refresh token revokes its whole family,
// as field reports say X does. Every refresh token's uses are recorded so tests can prove each was
// used exactly once. Pure state over an injected clock and random source; routes-oauth2.ts speaks HTTP.
import { createHash, randomBytes } from 'node:crypto';
import type { SandboxUser } from './credentials.ts';

export const OAUTH2_SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'] as const;

export interface OAuth2Client {
  clientId: string;
  name: string;
  /** Matched exactly (X's rule). */
  redirectUris: readonly string[];
  /** The demo client also takes http://127.0.0.1:<any port>/callback (sandbox ruling, see README). */
  anyLoopbackPort?: boolean;
}

export interface OAuth2Lifetimes {
  /** X: 2 hours. */
  accessTokenSecs: number;
  /** X: 30 s. */
  codeSecs: number;
}

export const DEFAULT_OAUTH2_LIFETIMES: OAuth2Lifetimes = { accessTokenSecs: 7200, codeSecs: 30 };

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  codeChallenge: string;
}

interface Consent extends AuthorizeRequest {
  createdAt: number;
}

interface Code extends AuthorizeRequest {
  userId: string;
  expiresAt: number;
  /** Set once exchanged; a second exchange revokes what the first one issued (RFC 6749 §4.1.2). */
  familyId: string | null;
}

interface Family {
  id: string;
  clientId: string;
  userId: string;
  scopes: string[];
  revoked: boolean;
  /** The one refresh token that may be used next. */
  liveRefreshToken: string | null;
}

export interface AccessTokenRecord {
  familyId: string;
  userId: string;
  scopes: string[];
  expiresAt: number;
}

export interface RefreshTokenUse {
  familyId: string;
  /** A short fingerprint, never the token (tests compare them, logs may show them). */
  token: string;
  uses: number;
}

export interface TokenAnswer {
  token_type: 'bearer';
  expires_in: number;
  access_token: string;
  scope: string;
  refresh_token?: string;
}

export type TokenOutcome = { ok: true; answer: TokenAnswer } | { ok: false; error: string; description: string };

const fingerprint = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 16);

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function createOAuth2Grants(options: {
  clients: readonly OAuth2Client[];
  users: readonly SandboxUser[];
  now: () => number;
  lifetimes: OAuth2Lifetimes;
}) {
  const clients = new Map(options.clients.map((client) => [client.clientId, client]));
  const consents = new Map<string, Consent>();
  const codes = new Map<string, Code>();
  const families = new Map<string, Family>();
  const accessTokens = new Map<string, AccessTokenRecord>();
  const refreshTokens = new Map<string, { familyId: string; uses: number }>();
  const lifetimes = { ...options.lifetimes };
  const bearerRequests: string[] = [];
  const random = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;

  function redirectAllowed(client: OAuth2Client, uri: string): boolean {
    if (client.redirectUris.includes(uri)) return true;
    return client.anyLoopbackPort === true && /^http:\/\/127\.0\.0\.1:[0-9]{1,5}\/callback$/.test(uri);
  }

  function issue(family: Family): TokenAnswer {
    const accessToken = random('sbx2a_');
    accessTokens.set(accessToken, {
      familyId: family.id,
      userId: family.userId,
      scopes: family.scopes,
      expiresAt: options.now() + lifetimes.accessTokenSecs * 1000,
    });
    const answer: TokenAnswer = {
      token_type: 'bearer',
      expires_in: lifetimes.accessTokenSecs,
      access_token: accessToken,
      scope: family.scopes.join(' '),
    };
    if (family.scopes.includes('offline.access')) {
      const refreshToken = random('sbx2r_');
      refreshTokens.set(refreshToken, { familyId: family.id, uses: 0 });
      family.liveRefreshToken = refreshToken;
      answer.refresh_token = refreshToken;
    }
    return answer;
  }

  function revokeFamily(familyId: string): void {
    const family = families.get(familyId);
    if (!family) return;
    family.revoked = true;
    family.liveRefreshToken = null;
    for (const [token, record] of accessTokens) if (record.familyId === familyId) accessTokens.delete(token);
  }

  const invalidGrant = (description: string): TokenOutcome => ({ ok: false, error: 'invalid_grant', description });

  return {
    client: (clientId: string) => clients.get(clientId) ?? null,
    redirectAllowed,
    /** A consent page's id: the request waits for the user's decision. */
    startConsent(request: AuthorizeRequest): string {
      const id = random('consent_');
      consents.set(id, { ...request, createdAt: options.now() });
      return id;
    },
    consent: (id: string) => consents.get(id) ?? null,
    /** The user's decision: a code for the redirect, or null when denied (or unknown). */
    decide(id: string, approve: boolean, user: SandboxUser): { code: string | null; request: AuthorizeRequest } | null {
      const consent = consents.get(id);
      if (!consent) return null;
      consents.delete(id);
      if (!approve) return { code: null, request: consent };
      const code = random('sbx2c_');
      codes.set(code, {
        ...consent,
        userId: user.userId,
        expiresAt: options.now() + lifetimes.codeSecs * 1000,
        familyId: null,
      });
      return { code, request: consent };
    },

    exchangeCode(fields: { code: string; clientId: string; redirectUri: string; codeVerifier: string }): TokenOutcome {
      const code = codes.get(fields.code);
      if (!code) return invalidGrant('Value passed for the authorization code was invalid.');
      if (code.familyId !== null) {
        // A code used twice: someone else may hold it; what it bought is revoked.
        revokeFamily(code.familyId);
        return invalidGrant('Value passed for the authorization code was invalid.');
      }
      if (options.now() > code.expiresAt) {
        codes.delete(fields.code);
        return invalidGrant('Value passed for the authorization code was invalid.');
      }
      if (code.clientId !== fields.clientId)
        return { ok: false, error: 'invalid_client', description: 'Missing valid authorization header' };
      if (code.redirectUri !== fields.redirectUri)
        return {
          ok: false,
          error: 'invalid_request',
          description: 'Value passed for the redirect uri did not match the uri of the authorization code.',
        };
      if (!fields.codeVerifier || s256(fields.codeVerifier) !== code.codeChallenge) {
        return {
          ok: false,
          error: 'invalid_request',
          description: 'Value passed for the code verifier did not match the code challenge.',
        };
      }
      const family: Family = {
        id: random('family_'),
        clientId: code.clientId,
        userId: code.userId,
        scopes: code.scopes,
        revoked: false,
        liveRefreshToken: null,
      };
      families.set(family.id, family);
      code.familyId = family.id;
      return { ok: true, answer: issue(family) };
    },

    refresh(fields: { refreshToken: string; clientId: string }): TokenOutcome {
      const record = refreshTokens.get(fields.refreshToken);
      if (!record) return invalidGrant('Value passed for the token was invalid.');
      record.uses += 1;
      const family = families.get(record.familyId);
      if (!family || family.revoked) return invalidGrant('Value passed for the token was invalid.');
      if (family.clientId !== fields.clientId)
        return { ok: false, error: 'invalid_client', description: 'Missing valid authorization header' };
      if (family.liveRefreshToken !== fields.refreshToken) {
        revokeFamily(family.id); // a spent token came back: the grant is compromised
        return invalidGrant('Value passed for the token was invalid.');
      }
      // The previous access tokens stay valid until they expire (X keeps them), only the refresh token rotates.
      return { ok: true, answer: issue(family) };
    },

    /** RFC 7009: revoking either kind of token ends the grant; unknown tokens are fine (200). */
    revoke(token: string, clientId: string): boolean {
      const familyId = accessTokens.get(token)?.familyId ?? refreshTokens.get(token)?.familyId;
      if (!familyId) return true;
      if (families.get(familyId)?.clientId !== clientId) return false;
      revokeFamily(familyId);
      return true;
    },

    /** A live access token's record, or null (unknown, expired, revoked). */
    accessToken(token: string): AccessTokenRecord | null {
      const record = accessTokens.get(token);
      if (!record || options.now() >= record.expiresAt) return null;
      return record;
    },

    /** The pipeline notes each request a Bearer token authorized ("POST /2/tweets"), for tests. */
    noteBearerRequest: (route: string) => void bearerRequests.push(route),
    bearerRequests: () => [...bearerRequests],

    setLifetimes(next: Partial<OAuth2Lifetimes>): void {
      Object.assign(lifetimes, next);
    },

    /** Every refresh token issued, in order, with how often it was presented. */
    refreshTokenUses(): RefreshTokenUse[] {
      return [...refreshTokens].map(([token, record]) => ({
        familyId: record.familyId,
        token: fingerprint(token),
        uses: record.uses,
      }));
    },
    /** Whether the grant behind a token (access or refresh) was revoked. */
    isRevoked(token: string): boolean {
      const familyId = accessTokens.get(token)?.familyId ?? refreshTokens.get(token)?.familyId;
      return familyId === undefined ? true : (families.get(familyId)?.revoked ?? true);
    },
    /** Grants that are not revoked. */
    liveGrants: () => [...families.values()].filter((family) => !family.revoked).length,
  };
}

export type OAuth2Grants = ReturnType<typeof createOAuth2Grants>;
