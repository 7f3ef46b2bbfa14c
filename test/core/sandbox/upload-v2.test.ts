import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/core/sandbox/index.ts';
import { makePng, mp4Bytes } from './media-bytes.ts';
import { call } from './signed-client.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const MB = 1_048_576;

describe('sandbox v2 upload flow', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ processingMs: 0 });
  });
  afterAll(() => sandbox.close());

  const initialize = (body: unknown, user = 0) =>
    call(sandbox, { path: '/2/media/upload/initialize', json: body, user });

  it('initialize answers data.id (a string above 2^53), media_key and expires_after_secs', async () => {
    const result = await initialize({ media_type: 'video/mp4', total_bytes: 1000, media_category: 'tweet_video' });
    expect(result.status).toBe(200);
    const id = result.body.data.id as string;
    expect(typeof id).toBe('string');
    expect(BigInt(id) > 2n ** 53n).toBe(true);
    expect(result.body.data).toEqual({ id, media_key: `7_${id}`, expires_after_secs: 86400 });
  });

  it('initialize refuses unknown fields (additionalProperties: false)', async () => {
    const result = await initialize({ media_type: 'image/png', total_bytes: 10, colour: 'blue' });
    expect(result.status).toBe(400);
    expect(result.body.type).toBe('https://api.x.com/2/problems/invalid-request');
  });

  it('initialize refuses additional_owners that are not id strings, and ids of unknown users', async () => {
    const numbers = await initialize({ media_type: 'image/png', total_bytes: 10, additional_owners: [123] });
    expect(numbers.status).toBe(400);
    const stranger = await initialize({ media_type: 'image/png', total_bytes: 10, additional_owners: ['123'] });
    expect(stranger.status).toBe(400);
    const known = await initialize({
      media_type: 'image/png',
      total_bytes: 10,
      additional_owners: [sandbox.users[1]?.userId],
    });
    expect(known.status).toBe(200);
  });

  it('initialize refuses more than 100 additional owners', async () => {
    const owners = Array.from({ length: 101 }, () => sandbox.users[1]?.userId);
    const result = await initialize({ media_type: 'image/png', total_bytes: 10, additional_owners: owners });
    expect(result.status).toBe(400);
  });

  it('initialize takes JSON only', async () => {
    const result = await call(sandbox, {
      path: '/2/media/upload/initialize',
      form: { media_type: 'image/png', total_bytes: '10' },
    });
    expect(result.status).toBe(400);
  });

  it('uploads with multipart and JSON-base64 appends, then finalizes, and STATUS reaches succeeded', async () => {
    const bytes = await mp4Bytes();
    const started = await initialize({
      media_type: 'video/mp4',
      total_bytes: bytes.length,
      media_category: 'tweet_video',
    });
    const id = started.body.data.id as string;
    const half = Math.floor(bytes.length / 2);
    const first = await call(sandbox, {
      path: `/2/media/upload/${id}/append`,
      multipart: { fields: { segment_index: '0' }, media: bytes.subarray(0, half) },
    });
    expect(first.status).toBe(200);
    expect(typeof first.body.data.expires_at).toBe('number');
    const second = await call(sandbox, {
      path: `/2/media/upload/${id}/append`,
      json: { segment_index: 1, media: bytes.subarray(half).toString('base64') },
    });
    expect(second.status).toBe(200);
    const finalized = await call(sandbox, { path: `/2/media/upload/${id}/finalize`, method: 'POST' });
    expect(finalized.status).toBe(200);
    expect(finalized.body.data).toMatchObject({ id, size: bytes.length, expires_after_secs: 86400 });
    const status = await call(sandbox, { path: '/2/media/upload', query: { command: 'STATUS', media_id: id } });
    expect(status.body.data.processing_info.state).toBe('succeeded');
    expect(await sandbox.digest(id)).toBe(sha256(bytes));
    // Asked again, the same digest; an unknown id has none.
    expect(await sandbox.digest(id)).toBe(sha256(bytes));
    expect(await sandbox.digest('1880000000000000999')).toBeNull();
  });

  it('accepts a 6 MB segment on v2 (server maximum 8 MB) and refuses 9 MB with 413', async () => {
    const started = await initialize({ media_type: 'video/mp4', total_bytes: 20 * MB, media_category: 'tweet_video' });
    const id = started.body.data.id as string;
    const six = await call(sandbox, {
      path: `/2/media/upload/${id}/append`,
      multipart: { fields: { segment_index: '0' }, media: Buffer.alloc(6 * MB) },
    });
    expect(six.status).toBe(200);
    const nine = await call(sandbox, {
      path: `/2/media/upload/${id}/append`,
      multipart: { fields: { segment_index: '1' }, media: Buffer.alloc(9 * MB) },
    });
    expect(nine.status).toBe(413);
    expect(sandbox.inspect(id)).toMatchObject({ segments: [0], appendCount: 1 });
  });

  it('refuses the older command form on POST /2/media/upload (gone since May 2025, reference §6)', async () => {
    const result = await call(sandbox, {
      path: '/2/media/upload',
      multipart: { fields: { command: 'INIT', total_bytes: '10', media_type: 'image/png' } },
    });
    expect(result.status).toBe(400);
    expect(result.body.type).toBe('https://api.x.com/2/problems/invalid-request');
    expect(sandbox.violations().at(-1)?.reason).toMatch(/command=INIT/);
  });

  it('refuses FINALIZE with a missing segment with the upload service message', async () => {
    const started = await initialize({ media_type: 'image/png', total_bytes: 30 });
    const id = started.body.data.id as string;
    await call(sandbox, {
      path: `/2/media/upload/${id}/append`,
      multipart: { fields: { segment_index: '1' }, media: Buffer.alloc(30) },
    });
    const result = await call(sandbox, { path: `/2/media/upload/${id}/finalize`, method: 'POST' });
    expect(result.status).toBe(400);
    expect(result.body.detail).toBe('Segments do not add up to provided total file size.');
    expect(sandbox.inspect(id)?.violations.map((v) => v.reason)).toContain('FINALIZE with missing segment 0');
  });

  it('users/me answers the signed-in user', async () => {
    const result = await call(sandbox, { path: '/2/users/me', user: 1 });
    expect(result.body.data).toEqual({
      id: sandbox.users[1]?.userId,
      name: 'Xfer Demo Two',
      username: sandbox.users[1]?.screenName,
    });
  });

  it('stores alt text for a finalized image and refuses it past 1,000 characters', async () => {
    const png = makePng();
    const started = await initialize({
      media_type: 'image/png',
      total_bytes: png.length,
      media_category: 'tweet_image',
    });
    const id = started.body.data.id as string;
    await call(sandbox, {
      path: `/2/media/upload/${id}/append`,
      multipart: { fields: { segment_index: '0' }, media: png },
    });
    await call(sandbox, { path: `/2/media/upload/${id}/finalize`, method: 'POST' });
    const ok = await call(sandbox, {
      path: '/2/media/metadata',
      json: { id, metadata: { alt_text: { text: 'A green pixel' } } },
    });
    expect(ok.status).toBe(200);
    expect(sandbox.inspect(id)?.altText).toBe('A green pixel');
    const long = await call(sandbox, {
      path: '/2/media/metadata',
      json: { id, metadata: { alt_text: { text: 'x'.repeat(1001) } } },
    });
    expect(long.status).toBe(400);
    const v1 = await call(sandbox, {
      path: '/1.1/media/metadata/create.json',
      json: { media_id: id, alt_text: { text: 'Still green' } },
    });
    expect(v1.status).toBe(200);
    expect(sandbox.inspect(id)?.altText).toBe('Still green');
  });
});
