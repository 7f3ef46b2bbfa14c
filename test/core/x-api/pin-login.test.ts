// PIN (out-of-band) login against the fake X, which checks each step's signature.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accessToken, requestToken } from '../../../main/core/x-api/index.ts';
import { consumer, fakeUser, user } from './fake-credentials.ts';
import { FAKE_PIN } from './fake-x-routes.ts';
import { startFakeX, type FakeX } from './fake-x.ts';
import { failureOf } from '../../fakes/failure-of.ts';

let fake: FakeX;
beforeEach(async () => {
  fake = await startFakeX();
});
afterEach(() => fake.close());

describe('requestToken', () => {
  it('asks with oauth_callback=oob, signed with the consumer only', async () => {
    await requestToken(consumer, fake.origin);
    const [arrived] = fake.requests;
    expect(arrived).toMatchObject({ method: 'POST', path: '/oauth/request_token', signatureValid: true });
    expect(arrived?.oauth.oauth_callback).toBe('oob');
    expect(arrived?.oauth.oauth_token).toBeUndefined();
  });

  it('returns the request token and where the user approves it', async () => {
    const result = await requestToken(consumer, fake.origin);
    expect(result).toEqual({
      token: 'fake-request-token-r1',
      tokenSecret: 'fake-request-secret-s1',
      authorizeUrl: `${fake.origin}/oauth/authorize?oauth_token=fake-request-token-r1`,
    });
  });

  it('refuses an answer without oauth_callback_confirmed=true', async () => {
    fake.respondOnce(() => true, {
      status: 200,
      body: 'oauth_token=a&oauth_token_secret=b&oauth_callback_confirmed=false',
    });
    expect((await failureOf(requestToken(consumer, fake.origin))).kind).toBe('server');
  });

  it('maps a wrong consumer secret to auth', async () => {
    const error = await failureOf(requestToken({ ...consumer, consumerSecret: 'wrong-consumer-secret' }, fake.origin));
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(JSON.stringify(error)).not.toContain('wrong-consumer-secret');
  });
});

describe('accessToken', () => {
  it('exchanges the PIN for the account token, signed with the request token', async () => {
    const pending = await requestToken(consumer, fake.origin);
    const result = await accessToken(consumer, pending, ` ${FAKE_PIN}\n`, fake.origin);
    expect(result).toEqual({
      token: user.token,
      tokenSecret: user.tokenSecret,
      userId: fakeUser.id,
      screenName: fakeUser.username,
    });
    const arrived = fake.requests.at(-1);
    expect(arrived).toMatchObject({ path: '/oauth/access_token', signatureValid: true });
    expect(arrived?.oauth).toMatchObject({ oauth_verifier: FAKE_PIN, oauth_token: pending.token });
  });

  it('maps a wrong PIN (a plain-text 401) to auth', async () => {
    const pending = await requestToken(consumer, fake.origin);
    const error = await failureOf(accessToken(consumer, pending, '0000000', fake.origin));
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(error.message).toContain('Invalid oauth_verifier parameter');
  });

  it('refuses a PIN that is not a short code before any request', async () => {
    const error = await failureOf(accessToken(consumer, { token: 't', tokenSecret: 's' }, '12 34', fake.origin));
    expect(error.kind).toBe('validation');
    expect(fake.requests).toHaveLength(0);
  });
});
