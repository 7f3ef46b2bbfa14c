import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/core/sandbox/index.ts';
import { makePng } from './media-bytes.ts';
import { call, uploadV1 } from './signed-client.ts';

const NOT_FOUND = { code: 325, message: 'A media id was not found.' };

describe('sandbox media ownership', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it("answers 404 code 325 when one user APPENDs to another user's media id, and stores nothing", async () => {
    const { mediaId } = await uploadV1(sandbox, makePng(), { media_type: 'image/png' }, { user: 0, finalize: false });
    const result = await call(sandbox, {
      path: '/1.1/media/upload.json',
      user: 1,
      multipart: { fields: { command: 'APPEND', media_id: mediaId, segment_index: '1' }, media: Buffer.from('x') },
    });
    expect(result.status).toBe(404);
    expect(result.body.errors[0]).toEqual(NOT_FOUND);
    expect(sandbox.inspect(mediaId)).toMatchObject({ owner: sandbox.users[0]?.userId, segments: [0] });
    expect(sandbox.inspect(mediaId)?.violations[0]?.reason).toMatch(/owned by another user/);
  });

  it("refuses another user's FINALIZE and STATUS the same way on v2", async () => {
    const { mediaId } = await uploadV1(sandbox, makePng(), { media_type: 'image/png' }, { user: 0 });
    const finalize = await call(sandbox, { path: `/2/media/upload/${mediaId}/finalize`, method: 'POST', user: 1 });
    expect(finalize.status).toBe(404);
    expect(finalize.body.type).toBe('https://api.x.com/2/problems/resource-not-found');
    const status = await call(sandbox, {
      path: '/2/media/upload',
      user: 1,
      query: { command: 'STATUS', media_id: mediaId },
    });
    expect(status.status).toBe(404);
  });

  it('lets an additional owner read STATUS but not APPEND', async () => {
    const other = sandbox.users[1]?.userId ?? '';
    const { mediaId } = await uploadV1(
      sandbox,
      makePng(),
      { media_type: 'image/png', additional_owners: other },
      { user: 0 },
    );
    expect(sandbox.inspect(mediaId)?.additionalOwners).toEqual([other]);
    const status = await call(sandbox, {
      path: '/1.1/media/upload.json',
      user: 1,
      query: { command: 'STATUS', media_id: mediaId },
    });
    expect(status.status).toBe(200);
    expect(status.body.processing_info.state).toBe('succeeded');
  });

  it('answers 325 for a media id nobody created', async () => {
    const result = await call(sandbox, {
      path: '/1.1/media/upload.json',
      query: { command: 'STATUS', media_id: '42' },
    });
    expect(result.status).toBe(404);
    expect(result.body.errors[0]).toEqual(NOT_FOUND);
  });
});

describe('sandbox media expiry (injected clock)', () => {
  let sandbox: Sandbox;
  let clock = Date.now();
  beforeAll(async () => {
    sandbox = await startSandbox({ now: () => clock, expiresAfterSecs: 600, finalizedExpiresAfterSecs: 3600 });
  });
  afterAll(() => sandbox.close());

  it('treats an upload not finalized within expires_after_secs as not found', async () => {
    const png = makePng();
    const { mediaId } = await uploadV1(
      sandbox,
      png,
      { media_type: 'image/png' },
      { finalize: false, clock: () => clock },
    );
    const init = sandbox.inspect(mediaId);
    expect(init?.state).toBe('uploading');
    clock += 600_000;
    // OAuth timestamps follow the sandbox clock, so sign with it.
    const result = await call(sandbox, {
      path: '/1.1/media/upload.json',
      timestamp: Math.floor(clock / 1000),
      form: { command: 'FINALIZE', media_id: mediaId },
    });
    expect(result.status).toBe(404);
    expect(result.body.errors[0].code).toBe(325);
    expect(sandbox.inspect(mediaId)?.state).toBe('expired');
  });

  it('gives a finalized media id its own expires_after_secs', async () => {
    const { mediaId, finalize } = await uploadV1(
      sandbox,
      makePng(),
      { media_type: 'image/png' },
      { clock: () => clock },
    );
    expect(finalize?.body.expires_after_secs).toBe(3600);
    clock += 3_599_000;
    const before = await call(sandbox, {
      path: '/1.1/media/upload.json',
      timestamp: Math.floor(clock / 1000),
      query: { command: 'STATUS', media_id: mediaId },
    });
    expect(before.status).toBe(200);
    expect(before.body.expires_after_secs).toBe(1);
    clock += 1000;
    const after = await call(sandbox, {
      path: '/1.1/media/upload.json',
      timestamp: Math.floor(clock / 1000),
      query: { command: 'STATUS', media_id: mediaId },
    });
    expect(after.status).toBe(404);
  });
});
