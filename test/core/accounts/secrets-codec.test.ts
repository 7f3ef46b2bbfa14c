// Keychain values read back: each kind round-trips; a damaged one (not JSON, or the wrong shape) is an auth
// failure that names the account and what to do, and never quotes the stored value (a secret).
import { describe, expect, it } from 'vitest';
import { decodeOAuth2Secrets, encodeOAuth2Secrets } from '../../../main/core/accounts/oauth2-secrets.ts';
import { decodeSecrets, encodeSecrets } from '../../../main/core/accounts/secrets-codec.ts';
import { failureOf } from '../../fakes/failure-of.ts';

const oauth1 = { consumerKey: 'ck', consumerSecret: 'cs-secret', token: 't', tokenSecret: 'ts-secret' };
const oauth2 = { accessToken: 'at-secret', refreshToken: 'rt-secret', expiresAt: 2, obtainedAt: 1 };

describe('keychain values', () => {
  it('round-trip', () => {
    expect(decodeSecrets(encodeSecrets(oauth1), 'alice')).toEqual(oauth1);
    expect(decodeOAuth2Secrets(encodeOAuth2Secrets(oauth2), 'alice')).toEqual(oauth2);
  });

  it('damaged, fail as auth naming the account and the cure, without quoting the value', async () => {
    for (const stored of ['not json cs-secret', JSON.stringify({ ...oauth1, token: '' })]) {
      const error = await failureOf(Promise.resolve().then(() => decodeSecrets(stored, 'alice')));
      expect(error).toMatchObject({ kind: 'auth', message: expect.stringContaining('"alice" is damaged: remove') });
      expect(error.message).not.toContain('secret');
    }
    for (const stored of ['{"kind":"oauth2", "accessToken":"at-secret"', encodeSecrets(oauth1)]) {
      const error = await failureOf(Promise.resolve().then(() => decodeOAuth2Secrets(stored, 'bob')));
      expect(error).toMatchObject({
        kind: 'auth',
        retryable: false,
        message: expect.stringContaining('sign in again'),
      });
      expect(error.message).not.toContain('secret');
    }
  });
});
