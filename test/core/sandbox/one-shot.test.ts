// The sandbox's one-shot upload (reference §6): one multipart POST /2/media/upload answered like FINALIZE,
// the type read from the bytes, the same category rules as the chunked flow, and its own rate limit.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/core/sandbox/index.ts';
import { makePng, mp4Bytes } from './media-bytes.ts';
import { call } from './signed-client.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const MB = 1_048_576;

describe('sandbox one-shot upload', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ processingMs: 0 });
  });
  afterAll(() => sandbox.close());

  const oneShot = (fields: Record<string, string>, media?: Uint8Array, user = 0) =>
    call(sandbox, { path: '/2/media/upload', multipart: { fields, media }, user });

  it('stores an image sent in one request and answers with the media object FINALIZE gives', async () => {
    const png = makePng();
    const result = await oneShot({ media_category: 'tweet_image' }, png);
    expect(result.status).toBe(200);
    const id = result.body.data.id as string;
    expect(result.body.data).toMatchObject({ id, media_key: `3_${id}`, size: png.length });
    expect(result.body.data.processing_info).toBeUndefined();
    expect(await sandbox.digest(id)).toBe(sha256(png));
    expect(sandbox.inspect(id)).toMatchObject({ state: 'succeeded', mediaType: 'image/png', appendCount: 1 });
    expect(Number(result.headers.get('x-rate-limit-limit'))).toBe(500);
  });

  it('takes a video category and processes it asynchronously', async () => {
    const mp4 = await mp4Bytes();
    const result = await oneShot(
      { media_category: 'tweet_video', additional_owners: sandbox.users[1]?.userId ?? '' },
      mp4,
    );
    expect(result.status).toBe(200);
    expect(result.body.data.processing_info).toMatchObject({ state: expect.stringMatching(/pending|succeeded/) });
    expect(sandbox.inspect(result.body.data.id)).toMatchObject({ mediaType: 'video/mp4' });
  });

  it('refuses what initialize would refuse, and keeps nothing of it', async () => {
    const before = sandbox.violations().length;
    const noCategory = await oneShot({}, makePng());
    expect(noCategory.status).toBe(400);
    const notOneShot = await oneShot({ media_category: 'amplify_video' }, await mp4Bytes());
    expect(notOneShot.status).toBe(400);
    const wrongType = await oneShot({ media_category: 'tweet_image' }, await mp4Bytes());
    expect(wrongType.status).toBe(400);
    const tooBig = await oneShot({ media_category: 'tweet_image' }, Buffer.concat([makePng(), Buffer.alloc(5 * MB)]));
    expect(tooBig.status).toBe(400);
    expect(tooBig.text).toMatch(/5242880/);
    const mediaType = await oneShot({ media_category: 'tweet_image', media_type: 'image/png' }, makePng());
    expect(mediaType.status).toBe(400);
    const noMedia = await oneShot({ media_category: 'tweet_image' });
    expect(noMedia.status).toBe(400);
    const reasons = sandbox
      .violations()
      .slice(before)
      .map((violation) => violation.reason);
    expect(reasons).toEqual([
      'one-shot upload without media_category',
      'one-shot upload with media_category amplify_video',
      'one-shot upload of bytes that are no type tweet_image accepts',
      expect.stringMatching(/INIT with total_bytes \d+ over 5242880/),
      'one-shot upload with unknown field media_type',
      'one-shot upload without media',
    ]);
  });

  it('refuses a JSON body', async () => {
    const json = await call(sandbox, { path: '/2/media/upload', json: { media_category: 'tweet_image' } });
    expect(json.status).toBe(400);
  });

  it('counts against its own limit of requests per user', async () => {
    const fresh = await startSandbox({ processingMs: 0, rateLimits: { upload: 1 } });
    try {
      const first = await call(fresh, {
        path: '/2/media/upload',
        multipart: { fields: { media_category: 'tweet_image' }, media: makePng() },
      });
      expect(first.status).toBe(200);
      const second = await call(fresh, {
        path: '/2/media/upload',
        multipart: { fields: { media_category: 'tweet_image' }, media: makePng() },
      });
      expect(second.status).toBe(429);
      const initialize = await call(fresh, {
        path: '/2/media/upload/initialize',
        json: { media_type: 'image/png', total_bytes: 10 },
      });
      expect(initialize.status).toBe(200);
    } finally {
      await fresh.close();
    }
  });
});
