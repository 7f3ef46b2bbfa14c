// An OAuth 2.0 account's keychain value: its access and refresh tokens as JSON, in the same one
// entry per account as OAuth 1.0a secrets (so a rotation replaces both tokens at once, never half).
import { literal, minLength, number, strictObject, string } from 'zod/mini';
import { fail } from '../../common/errors.ts';
import { decodeStored } from './secrets-codec.ts';

export interface OAuth2Secrets {
  accessToken: string;
  /** Works once: every refresh returns the next one (X rotates them). */
  refreshToken: string;
  /** ms since epoch. */
  expiresAt: number;
  /** ms since epoch, when X issued the access token: "shortly before expiry" is a share of its life. */
  obtainedAt: number;
}

const shape = strictObject({
  kind: literal('oauth2'),
  accessToken: string().check(minLength(1)),
  refreshToken: string().check(minLength(1)),
  expiresAt: number(),
  obtainedAt: number(),
});

export function encodeOAuth2Secrets(secrets: OAuth2Secrets): string {
  const { accessToken, refreshToken, expiresAt, obtainedAt } = secrets;
  return JSON.stringify({ kind: 'oauth2', accessToken, refreshToken, expiresAt, obtainedAt });
}

/** Parses a stored value; the message never quotes it (it is a secret). */
export function decodeOAuth2Secrets(stored: string, accountName: string): OAuth2Secrets {
  const decoded = decodeStored(stored, shape, () =>
    fail('auth', `The keychain entry for "${accountName}" is damaged: sign in again`, { retryable: false }),
  );
  const { accessToken, refreshToken, expiresAt, obtainedAt } = decoded;
  return { accessToken, refreshToken, expiresAt, obtainedAt };
}
