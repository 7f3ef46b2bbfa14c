import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/core/sandbox/index.ts';
import { authorizationHeader, signRequest } from '../../../main/core/oauth1/index.ts';
import { makePng } from './media-bytes.ts';
import { call, flipSignatureByte, freshNonce, uploadV1 } from './signed-client.ts';

const AUTH_FAILED = { errors: [{ code: 32, message: 'Could not authenticate you.' }] };

describe('sandbox OAuth 1.0a verification', () => {
  let sandbox: Sandbox;
  let mediaId: string;
  beforeAll(async () => {
    sandbox = await startSandbox();
    ({ mediaId } = await uploadV1(sandbox, makePng(), { media_type: 'image/png' }, { finalize: false }));
  });
  afterAll(() => sandbox.close());

  const append = (options: Parameters<typeof call>[1] extends infer O ? Partial<O> : never, index = '1') =>
    call(sandbox, {
      path: '/1.1/media/upload.json',
      multipart: { fields: { command: 'APPEND', media_id: mediaId, segment_index: index }, media: Buffer.from('more') },
      ...options,
    });

  it('refuses a request whose signature has one flipped byte with 401 code 32, and stores nothing', async () => {
    const result = await append({ tamper: flipSignatureByte });
    expect(result.status).toBe(401);
    expect(result.body).toEqual(AUTH_FAILED);
    expect(sandbox.inspect(mediaId)).toMatchObject({ segments: [0], appendCount: 1 });
    expect(sandbox.violations().map((v) => v.reason)).toContain('bad signature');
  });

  it('refuses a replayed nonce with code 32, and stores nothing from the replay', async () => {
    const nonce = freshNonce();
    const first = await append({ nonce }, '1');
    expect(first.status).toBe(204);
    const replay = await append({ nonce }, '2');
    expect(replay.status).toBe(401);
    expect(replay.body).toEqual(AUTH_FAILED);
    expect(sandbox.inspect(mediaId)?.segments).toEqual([0, 1]);
    expect(sandbox.violations().map((v) => v.reason)).toContain('replayed nonce');
  });

  it('refuses a timestamp more than 300 s off with code 135', async () => {
    const stale = await call(sandbox, { path: '/2/users/me', timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);
    expect(stale.body.errors[0].code).toBe(135);
    const future = await call(sandbox, { path: '/2/users/me', timestamp: Math.floor(Date.now() / 1000) + 301 });
    expect(future.body.errors[0].code).toBe(135);
  });

  it('refuses an unknown access token with code 89', async () => {
    const result = await call(sandbox, { path: '/2/users/me', user: { token: 'nobody', tokenSecret: 'nothing' } });
    expect(result.status).toBe(401);
    expect(result.body.errors[0]).toEqual({ code: 89, message: 'Invalid or expired token.' });
  });

  it('refuses a request without an Authorization header with code 215', async () => {
    const response = await fetch(new URL('/2/users/me', sandbox.url));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { code: number }[] };
    expect(body.errors[0]?.code).toBe(215);
  });

  it('refuses a signature made with the wrong consumer secret', async () => {
    const result = await call(sandbox, { path: '/2/users/me', consumerSecret: 'guess' });
    expect(result.body).toEqual(AUTH_FAILED);
  });

  /** An Authorization header for one request, so a test can send a different one. */
  function headerFor(method: string, url: string, formParams: [string, string][] = []): string {
    const user = sandbox.users[0];
    if (!user) throw new Error('no user');
    return authorizationHeader(
      signRequest(
        { method, url, formParams },
        {
          consumer: { consumerKey: sandbox.consumerKey, consumerSecret: sandbox.consumerSecret },
          token: user,
          timestamp: Math.floor(Date.now() / 1000),
          nonce: freshNonce(),
        },
      ),
    );
  }

  it('includes url-encoded body fields in the signature: a field changed after signing is refused', async () => {
    const form = { command: 'INIT', total_bytes: '10', media_type: 'image/png' };
    const url = new URL('/1.1/media/upload.json', sandbox.url).href;
    const send = (body: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        headers: {
          authorization: headerFor('POST', url, Object.entries(form)),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(body).toString(),
      });
    expect((await send(form)).status).toBe(200);
    expect((await send({ ...form, total_bytes: '11' })).status).toBe(401);
  });

  it('includes query parameters in the signature: a query changed after signing is refused', async () => {
    const signed = new URL('/2/users/me?user.fields=id', sandbox.url).href;
    const ok = await fetch(signed, { headers: { authorization: headerFor('GET', signed) } });
    expect(ok.status).toBe(200);
    const changed = await fetch(new URL('/2/users/me?user.fields=name', sandbox.url), {
      headers: { authorization: headerFor('GET', signed) },
    });
    expect(changed.status).toBe(401);
  });

  it('leaves multipart fields out of the signature, as RFC 5849 and X require', async () => {
    const result = await append({}, '3');
    expect(result.status).toBe(204);
  });
});
