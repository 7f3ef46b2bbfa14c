import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/core/sandbox/index.ts';
import { call } from './signed-client.ts';

describe('sandbox PIN login', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  async function requestToken(): Promise<{ token: string; secret: string }> {
    const result = await call(sandbox, {
      path: '/oauth/request_token',
      method: 'POST',
      user: null,
      extraOAuth: { oauth_callback: 'oob' },
    });
    expect(result.status).toBe(200);
    const form = new URLSearchParams(result.text);
    expect(form.get('oauth_callback_confirmed')).toBe('true');
    return { token: form.get('oauth_token') ?? '', secret: form.get('oauth_token_secret') ?? '' };
  }

  const exchange = (token: string, secret: string, pin: string) =>
    call(sandbox, {
      path: '/oauth/access_token',
      method: 'POST',
      user: { token, tokenSecret: secret },
      extraOAuth: { oauth_verifier: pin },
    });

  it('request_token → authorize page with a 7-digit PIN → access_token for the first demo user', async () => {
    const { token, secret } = await requestToken();
    const page = await fetch(new URL(`/oauth/authorize?oauth_token=${token}`, sandbox.url));
    const html = await page.text();
    const pin = /<code id="oauth_pin">(\d{7})<\/code>/.exec(html)?.[1];
    expect(pin).toBe(sandbox.pinFor(token));
    const result = await exchange(token, secret, pin ?? '');
    expect(result.status).toBe(200);
    const form = new URLSearchParams(result.text);
    const user = sandbox.users[0];
    expect(Object.fromEntries(form)).toEqual({
      oauth_token: user?.token,
      oauth_token_secret: user?.tokenSecret,
      user_id: user?.userId,
      screen_name: user?.screenName,
    });
  });

  it('a PIN is single use', async () => {
    const { token, secret } = await requestToken();
    const pin = sandbox.pinFor(token) ?? '';
    expect((await exchange(token, secret, pin)).status).toBe(200);
    const again = await exchange(token, secret, pin);
    expect(again.status).toBe(401);
    expect(again.body.errors[0].code).toBe(89);
  });

  it('a wrong PIN is refused', async () => {
    const { token, secret } = await requestToken();
    const pin = sandbox.pinFor(token) ?? '';
    const wrong = pin === '0000000' ? '0000001' : '0000000';
    expect((await exchange(token, secret, wrong)).status).toBe(401);
  });

  it('can approve as the second demo user', async () => {
    const { token, secret } = await requestToken();
    const pin = sandbox.pinFor(token, sandbox.users[1]?.screenName) ?? '';
    const result = await exchange(token, secret, pin);
    expect(new URLSearchParams(result.text).get('user_id')).toBe(sandbox.users[1]?.userId);
  });

  it('refuses a callback other than oob with code 417', async () => {
    const result = await call(sandbox, {
      path: '/oauth/request_token',
      method: 'POST',
      user: null,
      extraOAuth: { oauth_callback: 'https://example.invalid/cb' },
    });
    expect(result.status).toBe(403);
    expect(result.body.errors[0].code).toBe(417);
  });

  it('refuses request_token signed with a wrong consumer secret', async () => {
    const result = await call(sandbox, {
      path: '/oauth/request_token',
      method: 'POST',
      user: null,
      consumerSecret: 'wrong',
      extraOAuth: { oauth_callback: 'oob' },
    });
    expect(result.status).toBe(401);
  });
});
