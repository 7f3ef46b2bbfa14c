import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/core/sandbox/index.ts';
import { makePng, mp4Bytes } from './media-bytes.ts';
import { call, uploadV1 } from './signed-client.ts';

describe('sandbox processing simulation (injected clock)', () => {
  let sandbox: Sandbox;
  let clock = Date.now();
  let mp4: Buffer;
  beforeAll(async () => {
    sandbox = await startSandbox({ now: () => clock, processingMs: 10_000 });
    mp4 = await mp4Bytes();
  });
  afterAll(() => sandbox.close());

  const status = (mediaId: string) =>
    call(sandbox, {
      path: '/1.1/media/upload.json',
      timestamp: Math.floor(clock / 1000),
      query: { command: 'STATUS', media_id: mediaId },
    });

  it('video: FINALIZE answers pending, STATUS in_progress with progress, then succeeded', async () => {
    const { mediaId, finalize } = await uploadV1(
      sandbox,
      mp4,
      { media_type: 'video/mp4', media_category: 'tweet_video' },
      { clock: () => clock },
    );
    expect(finalize?.body.processing_info).toEqual({ state: 'pending', check_after_secs: 10 });
    clock += 4000;
    const middle = await status(mediaId);
    expect(middle.body.processing_info).toEqual({ state: 'in_progress', check_after_secs: 6, progress_percent: 40 });
    clock += 6000;
    const done = await status(mediaId);
    expect(done.body.processing_info).toEqual({ state: 'succeeded', progress_percent: 100 });
    expect(done.body.video).toEqual({ video_type: 'video/mp4' });
    expect(sandbox.inspect(mediaId)?.state).toBe('succeeded');
  });

  it('fails processing with InvalidMedia when the bytes are not the declared video type', async () => {
    const notVideo = Buffer.concat([makePng(), Buffer.alloc(2000, 7)]);
    const { mediaId, finalize } = await uploadV1(
      sandbox,
      notVideo,
      { media_type: 'video/mp4', media_category: 'TweetVideo' },
      { clock: () => clock },
    );
    expect(finalize?.body.processing_info.state).toBe('pending');
    clock += 10_000;
    const failed = await status(mediaId);
    expect(failed.body.processing_info).toEqual({
      state: 'failed',
      progress_percent: 100,
      error: { code: 1, name: 'InvalidMedia', message: 'Unsupported video format' },
    });
    expect(sandbox.inspect(mediaId)?.state).toBe('failed');
  });

  it('GIF categories are processed asynchronously too', async () => {
    const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(100)]);
    const { finalize } = await uploadV1(
      sandbox,
      gif,
      { media_type: 'image/gif', media_category: 'tweet_gif' },
      { clock: () => clock },
    );
    expect(finalize?.body.processing_info.state).toBe('pending');
  });

  it('images finalize synchronously, without processing_info', async () => {
    const { mediaId, finalize } = await uploadV1(
      sandbox,
      makePng(),
      { media_type: 'image/png', media_category: 'tweet_image' },
      { clock: () => clock },
    );
    expect(finalize?.status).toBe(200);
    expect(finalize?.body.processing_info).toBeUndefined();
    expect(finalize?.body.image).toEqual({ image_type: 'image/png' });
    expect(sandbox.inspect(mediaId)?.state).toBe('succeeded');
  });

  it('an image whose bytes are not the declared type is refused at FINALIZE, leaving the upload open', async () => {
    const { mediaId, finalize } = await uploadV1(
      sandbox,
      Buffer.alloc(500, 1),
      { media_type: 'image/jpeg' },
      { clock: () => clock },
    );
    expect(finalize?.status).toBe(400);
    expect(finalize?.body.error).toBe('media type unrecognized.');
    expect(sandbox.inspect(mediaId)).toMatchObject({ state: 'uploading' });
    expect(await sandbox.digest(mediaId)).toBeNull();
  });

  it('v2 STATUS shows the same states in data.processing_info', async () => {
    const { mediaId } = await uploadV1(
      sandbox,
      mp4,
      { media_type: 'video/mp4', media_category: 'tweet_video' },
      { clock: () => clock },
    );
    clock += 5000;
    const middle = await call(sandbox, {
      path: '/2/media/upload',
      timestamp: Math.floor(clock / 1000),
      query: { command: 'STATUS', media_id: mediaId },
    });
    expect(middle.body.data).toMatchObject({
      id: mediaId,
      processing_info: { state: 'in_progress', progress_percent: 50 },
    });
  });
});
