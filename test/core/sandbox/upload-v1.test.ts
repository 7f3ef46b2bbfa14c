import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/core/sandbox/index.ts';
import { makePng, mp4Bytes } from './media-bytes.ts';
import { call, uploadV1 } from './signed-client.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const MB = 1_048_576;

describe('sandbox v1.1 upload flow', () => {
  let sandbox: Sandbox;
  let mp4: Buffer;
  beforeAll(async () => {
    sandbox = await startSandbox({ processingMs: 0 });
    mp4 = await mp4Bytes();
  });
  afterAll(() => sandbox.close());

  it('INIT answers a media id above 2^53 whose JSON number has the exact digits of media_id_string', async () => {
    const result = await call(sandbox, {
      path: '/1.1/media/upload.json',
      form: { command: 'INIT', total_bytes: '100', media_type: 'video/mp4', media_category: 'tweet_video' },
    });
    expect(result.status).toBe(200);
    const id = result.body.media_id_string as string;
    expect(BigInt(id) > 2n ** 53n).toBe(true);
    expect(result.text).toContain(`"media_id":${id},`);
    expect(result.body.expires_after_secs).toBe(86400);
  });

  it('assembles segments sent in any order and reports the SHA-256 of the whole file', async () => {
    const chunk = 64 * 1024;
    const initialized = await call(sandbox, {
      path: '/1.1/media/upload.json',
      form: {
        command: 'INIT',
        total_bytes: String(mp4.length),
        media_type: 'video/mp4',
        media_category: 'tweet_video',
      },
    });
    const mediaId = initialized.body.media_id_string as string;
    const count = Math.ceil(mp4.length / chunk);
    const indexes = Array.from({ length: count }, (_, index) => index).reverse();
    await Promise.all(
      indexes.map((index) =>
        call(sandbox, {
          path: '/1.1/media/upload.json',
          multipart: {
            fields: { command: 'APPEND', media_id: mediaId, segment_index: String(index) },
            media: mp4.subarray(index * chunk, (index + 1) * chunk),
          },
        }),
      ),
    );
    const finalized = await call(sandbox, {
      path: '/1.1/media/upload.json',
      form: { command: 'FINALIZE', media_id: mediaId },
    });
    expect(finalized.status).toBe(200);
    expect(finalized.body.size).toBe(mp4.length);
    const report = sandbox.inspect(mediaId);
    expect(await sandbox.digest(mediaId)).toBe(sha256(mp4));
    expect(report?.segments).toEqual(Array.from({ length: count }, (_, index) => index));
  });

  it('accepts APPEND as url-encoded base64 media_data', async () => {
    const png = makePng();
    const initialized = await call(sandbox, {
      path: '/1.1/media/upload.json',
      form: {
        command: 'INIT',
        total_bytes: String(png.length),
        media_type: 'image/png',
        media_category: 'tweet_image',
      },
    });
    const mediaId = initialized.body.media_id_string as string;
    const appended = await call(sandbox, {
      path: '/1.1/media/upload.json',
      form: { command: 'APPEND', media_id: mediaId, segment_index: '0', media_data: png.toString('base64') },
    });
    expect(appended.status).toBe(204);
    const finalized = await call(sandbox, {
      path: '/1.1/media/upload.json',
      form: { command: 'FINALIZE', media_id: mediaId },
    });
    expect(finalized.status).toBe(200);
    expect(await sandbox.digest(mediaId)).toBe(sha256(png));
  });

  it('counts re-sent segments in appendCount and keeps the last copy', async () => {
    const png = makePng();
    const { mediaId } = await uploadV1(sandbox, png, { media_type: 'image/png' }, { finalize: false });
    await call(sandbox, {
      path: '/1.1/media/upload.json',
      multipart: { fields: { command: 'APPEND', media_id: mediaId, segment_index: '0' }, media: png },
    });
    const finalized = await call(sandbox, {
      path: '/1.1/media/upload.json',
      form: { command: 'FINALIZE', media_id: mediaId },
    });
    expect(finalized.status).toBe(200);
    expect(sandbox.inspect(mediaId)).toMatchObject({ appendCount: 2, segments: [0] });
    expect(await sandbox.digest(mediaId)).toBe(sha256(png));
  });

  it('refuses a 6 MB segment with 413 and stores nothing', async () => {
    const initialized = await call(sandbox, {
      path: '/1.1/media/upload.json',
      form: { command: 'INIT', total_bytes: String(6 * MB), media_type: 'video/mp4', media_category: 'tweet_video' },
    });
    const mediaId = initialized.body.media_id_string as string;
    const result = await call(sandbox, {
      path: '/1.1/media/upload.json',
      multipart: {
        fields: { command: 'APPEND', media_id: mediaId, segment_index: '0' },
        media: Buffer.alloc(6 * MB, 1),
      },
    });
    expect(result.status).toBe(413);
    expect(result.body).toEqual({ request: '/1.1/media/upload.json', error: 'Segment size must be <= 5242880 bytes.' });
    expect(sandbox.inspect(mediaId)).toMatchObject({ segments: [], appendCount: 0, state: 'uploading' });
    expect(sandbox.violations().some((v) => v.mediaId === mediaId && v.reason.includes('over 5242880'))).toBe(true);
  });

  it("refuses segment_index 1000 with X's message", async () => {
    const { mediaId } = await uploadV1(sandbox, makePng(), { media_type: 'image/png' }, { finalize: false });
    const result = await call(sandbox, {
      path: '/1.1/media/upload.json',
      multipart: { fields: { command: 'APPEND', media_id: mediaId, segment_index: '1000' }, media: Buffer.from('x') },
    });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('SegmentIndex must be between 0 and 999.');
    expect(sandbox.inspect(mediaId)?.violations.map((v) => v.reason)).toContain('APPEND with segment_index 1000');
  });

  it('refuses FINALIZE with a missing segment and leaves the upload open', async () => {
    const bytes = Buffer.concat([makePng(), Buffer.alloc(3000)]);
    const initialized = await call(sandbox, {
      path: '/1.1/media/upload.json',
      form: { command: 'INIT', total_bytes: String(bytes.length), media_type: 'image/png' },
    });
    const mediaId = initialized.body.media_id_string as string;
    for (const index of [0, 2]) {
      await call(sandbox, {
        path: '/1.1/media/upload.json',
        multipart: {
          fields: { command: 'APPEND', media_id: mediaId, segment_index: String(index) },
          media: bytes.subarray(index * 1000, (index + 1) * 1000),
        },
      });
    }
    const result = await call(sandbox, {
      path: '/1.1/media/upload.json',
      form: { command: 'FINALIZE', media_id: mediaId },
    });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({
      request: '/1.1/media/upload.json',
      error: 'Segments do not add up to provided total file size.',
    });
    expect(sandbox.inspect(mediaId)).toMatchObject({ state: 'uploading', segments: [0, 2] });
    expect(await sandbox.digest(mediaId)).toBeNull();
    expect(sandbox.inspect(mediaId)?.violations.map((v) => v.reason)).toContain('FINALIZE with missing segment 1');
  });

  it('refuses FINALIZE when the segments sum to less than total_bytes', async () => {
    const png = makePng();
    const initialized = await call(sandbox, {
      path: '/1.1/media/upload.json',
      form: { command: 'INIT', total_bytes: String(png.length + 1), media_type: 'image/png' },
    });
    const mediaId = initialized.body.media_id_string as string;
    await call(sandbox, {
      path: '/1.1/media/upload.json',
      multipart: { fields: { command: 'APPEND', media_id: mediaId, segment_index: '0' }, media: png },
    });
    const result = await call(sandbox, {
      path: '/1.1/media/upload.json',
      form: { command: 'FINALIZE', media_id: mediaId },
    });
    expect(result.status).toBe(400);
    expect(sandbox.inspect(mediaId)?.state).toBe('uploading');
  });

  it('accepts media_category in snake_case and CamelCase', async () => {
    for (const category of ['tweet_video', 'TweetVideo', 'dm_video', 'DmVideo', 'amplify_video']) {
      const result = await call(sandbox, {
        path: '/1.1/media/upload.json',
        form: { command: 'INIT', total_bytes: '1000', media_type: 'video/mp4', media_category: category },
      });
      expect(result.status, category).toBe(200);
    }
    const gif = await call(sandbox, {
      path: '/1.1/media/upload.json',
      form: { command: 'INIT', total_bytes: '1000', media_type: 'image/gif', media_category: 'TweetGif' },
    });
    expect(gif.status).toBe(200);
    expect(sandbox.inspect(gif.body.media_id_string)?.category).toBe('tweet_gif');
  });

  it('refuses an unknown media_category and a media type the category does not take', async () => {
    const unknown = await call(sandbox, {
      path: '/1.1/media/upload.json',
      form: { command: 'INIT', total_bytes: '1000', media_type: 'video/mp4', media_category: 'tweet_movie' },
    });
    expect(unknown.status).toBe(400);
    const mismatch = await call(sandbox, {
      path: '/1.1/media/upload.json',
      form: { command: 'INIT', total_bytes: '1000', media_type: 'video/mp4', media_category: 'tweet_image' },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors[0].code).toBe(324);
  });

  it('applies the default-tier size limit of the category (reference §3)', async () => {
    const over = await call(sandbox, {
      path: '/1.1/media/upload.json',
      form: {
        command: 'INIT',
        total_bytes: String(5 * MB + 1),
        media_type: 'image/png',
        media_category: 'tweet_image',
      },
    });
    expect(over.status).toBe(400);
    expect(over.body.errors[0]).toEqual({ code: 324, message: 'Image file size must be <= 5242880 bytes' });
    const dmVideo = await call(sandbox, {
      path: '/1.1/media/upload.json',
      form: { command: 'INIT', total_bytes: String(512 * MB + 1), media_type: 'video/mp4', media_category: 'dm_video' },
    });
    expect(dmVideo.status).toBe(400);
  });

  it('answers verify_credentials with the user, id as exact digits', async () => {
    const result = await call(sandbox, { path: '/1.1/account/verify_credentials.json' });
    expect(result.status).toBe(200);
    expect(result.body.id_str).toBe(sandbox.users[0]?.userId);
    expect(result.text).toContain(`"id":${sandbox.users[0]?.userId}`);
  });
});
