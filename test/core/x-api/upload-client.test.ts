// Both adapters against the loopback fake X: what goes on the wire, and a real
// multi-segment upload whose bytes the server checks.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUploadClient, MAX_CHUNK_BYTES, type UploadClient } from '../../../main/core/x-api/index.ts';
import { type ApiVersion } from '../../../main/common/account.ts';
import { clientAt, credentials, fakeUser } from './fake-credentials.ts';
import { startFakeX, type FakeX } from './fake-x.ts';
import { failureOf } from '../../fakes/failure-of.ts';

let dir: string;
let filePath: string;
let fileBytes: Buffer;
const FILE_SIZE = 3 * 1024 * 1024 + 12_345;
const CHUNK = 1024 * 1024;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xfer-x-api-'));
  filePath = join(dir, 'clip.mp4');
  fileBytes = randomBytes(FILE_SIZE);
  await writeFile(filePath, fileBytes);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function chunksOf(size: number): { start: number; length: number }[] {
  const chunks = [];
  for (let start = 0; start < size; start += CHUNK) chunks.push({ start, length: Math.min(CHUNK, size - start) });
  return chunks;
}

describe.each<ApiVersion>(['v2', 'v1.1'])('the %s adapter', (api) => {
  let fake: FakeX;
  let client: UploadClient;

  beforeEach(async () => {
    fake = await startFakeX();
    client = clientAt(fake.origin, api);
  });
  afterEach(() => fake.close());

  const init = (owners: string[] = []) =>
    client.init({
      totalBytes: FILE_SIZE,
      mediaType: 'video/mp4',
      mediaCategory: 'tweet_video',
      additionalOwners: owners,
    });

  it('uploads a multi-segment file whose bytes arrive intact', async () => {
    const { mediaId } = await init();
    const chunks = chunksOf(FILE_SIZE);
    expect(chunks.length).toBeGreaterThan(3);
    for (const [index, chunk] of chunks.entries()) await client.append(mediaId, index, { path: filePath, ...chunk });
    const media = await client.finalize(mediaId);
    expect(media.mediaId).toBe(mediaId);
    expect(media.size).toBe(FILE_SIZE);
    expect(fake.state.media.get(mediaId)?.sha256).toBe(createHash('sha256').update(fileBytes).digest('hex'));
  });

  it('sends each APPEND exactly the byte range it names', async () => {
    const { mediaId } = await init();
    await client.append(mediaId, 7, { path: filePath, start: 1_000_003, length: 65_537 });
    const append = fake.requests.at(-1);
    expect(append?.media?.equals(fileBytes.subarray(1_000_003, 1_000_003 + 65_537))).toBe(true);
    expect(append?.fields.segment_index).toBe('7');
  });

  it('APPENDs in flight together each carry their own bytes, read buffers being reused between them', async () => {
    const { mediaId } = await init();
    const chunks = chunksOf(FILE_SIZE);
    // Two rounds of concurrent APPENDs: the second reuses the first round's buffers.
    for (const round of [chunks.slice(0, 2), chunks.slice(2)]) {
      await Promise.all(
        round.map((chunk) => client.append(mediaId, chunks.indexOf(chunk), { path: filePath, ...chunk })),
      );
    }
    await client.finalize(mediaId);
    expect(fake.state.media.get(mediaId)?.sha256).toBe(createHash('sha256').update(fileBytes).digest('hex'));
  });

  it('an APPEND after a failed one carries its own bytes', async () => {
    const { mediaId } = await init();
    fake.respondOnce((request) => request.fields.segment_index === '1', { status: 503, body: '' });
    await expect(client.append(mediaId, 1, { path: filePath, start: 10, length: 5000 })).rejects.toThrow();
    await client.append(mediaId, 2, { path: filePath, start: 20_000, length: 4000 });
    expect(fake.requests.at(-1)?.media?.equals(fileBytes.subarray(20_000, 24_000))).toBe(true);
  });

  it('a chunk past the end of its file, or of a file that is gone, is file_changed and sends nothing', async () => {
    const { mediaId } = await init();
    const sent = fake.requests.length;
    expect(
      await failureOf(client.append(mediaId, 0, { path: filePath, start: FILE_SIZE - 10, length: 11 })),
    ).toMatchObject({ kind: 'file_changed', retryable: false });
    expect(
      await failureOf(client.append(mediaId, 0, { path: join(dir, 'gone.mp4'), start: 0, length: 1 })),
    ).toMatchObject({ kind: 'file_changed' });
    expect(fake.requests.length).toBe(sent);
  });

  it('reports the chunk bytes sent as the body goes out, ending at the whole chunk', async () => {
    const { mediaId } = await init();
    const counts: number[] = [];
    await client.append(
      mediaId,
      0,
      { path: filePath, start: 0, length: FILE_SIZE },
      { onBytesSent: (bytes) => counts.push(bytes) },
    );
    expect(counts.length).toBeGreaterThan(1);
    expect(counts.every((bytes, index) => index === 0 || bytes > (counts[index - 1] as number))).toBe(true);
    expect(counts.at(-1)).toBe(FILE_SIZE);
  });

  it('pays the bandwidth cap for every byte before it goes out, and opens no request before its first slice', async () => {
    const { mediaId } = await init();
    let paid = 0;
    let overdrawn = false;
    let release: () => void = () => {};
    const firstSlice = new Promise<void>((resolve) => (release = resolve));
    const opened = fake.requests.length;
    const pace = {
      take: async (bytes: number) => {
        if (paid === 0) await firstSlice;
        paid += bytes;
      },
    };
    const append = client.append(
      mediaId,
      0,
      { path: filePath, start: 0, length: FILE_SIZE },
      { pace, onBytesSent: (bytes) => (overdrawn ||= bytes > paid) },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.requests.length).toBe(opened); // waiting for its first slice: nothing sent yet
    release();
    await append;
    expect(paid).toBe(FILE_SIZE);
    expect(overdrawn).toBe(false);
  });

  it('sends a file in 512 KiB slices with no cap, and in 256 KiB slices, each paid for, while a cap applies', async () => {
    const { mediaId } = await init();
    const sliceSizes = async (pace?: { take(bytes: number): Promise<void>; capped(): boolean }) => {
      const counts: number[] = [];
      await client.append(
        mediaId,
        0,
        { path: filePath, start: 0, length: FILE_SIZE },
        { ...(pace && { pace }), onBytesSent: (bytes) => counts.push(bytes) },
      );
      expect(fake.requests.at(-1)?.media?.equals(fileBytes)).toBe(true);
      return counts.map((bytes, index) => bytes - (counts[index - 1] ?? 0));
    };
    const uncapped = [...Array<number>(6).fill(512 * 1024), 12_345];
    expect(await sliceSizes()).toEqual(uncapped);
    expect(await sliceSizes({ take: async () => {}, capped: () => false })).toEqual(uncapped);
    const paid: number[] = [];
    const capped = { take: async (bytes: number) => void paid.push(bytes), capped: () => true };
    expect(await sliceSizes(capped)).toEqual([...Array<number>(12).fill(256 * 1024), 12_345]);
    expect(paid).toEqual([...Array<number>(12).fill(256 * 1024), 12_345]);
    // A cap set while the body goes applies from its next slice: asked when the request opens and for each
    // slice, this pacer turns capped after the first slice.
    let asked = 0;
    paid.length = 0;
    const lateCap = { take: async (bytes: number) => void paid.push(bytes), capped: () => ++asked > 2 };
    expect(await sliceSizes(lateCap)).toEqual([512 * 1024, ...Array<number>(10).fill(256 * 1024), 12_345]);
    expect(paid).toEqual([...Array<number>(10).fill(256 * 1024), 12_345]);
  });

  it('through an injected fetch, which sends the body whole, reports the whole chunk once', async () => {
    const viaFetch = clientAt(fake.origin, api, { fetch: (input, init) => fetch(input, init) });
    const { mediaId } = await init();
    const counts: number[] = [];
    await viaFetch.append(
      mediaId,
      0,
      { path: filePath, start: 5, length: 70_000 },
      { onBytesSent: (bytes) => counts.push(bytes) },
    );
    expect(counts).toEqual([70_000]);
    expect(fake.requests.at(-1)?.media?.equals(fileBytes.subarray(5, 70_005))).toBe(true);
  });

  it('keeps a media id above 2^53 exact, as a string', async () => {
    const { mediaId } = await init();
    expect(typeof mediaId).toBe('string');
    expect(BigInt(mediaId)).toBeGreaterThan(2n ** 53n);
    expect(fake.state.media.has(mediaId)).toBe(true);
    const status = await client.status(mediaId);
    expect(status.mediaId).toBe(mediaId);
  });

  it('signs every request validly, each with a fresh nonce', async () => {
    const { mediaId } = await init();
    await client.append(mediaId, 0, { path: filePath, start: 0, length: FILE_SIZE - 1 });
    await client.append(mediaId, 1, { path: filePath, start: FILE_SIZE - 1, length: 1 });
    await client.finalize(mediaId);
    await client.status(mediaId);
    await client.setAltText(mediaId, 'A cat & a dog — 🐈');
    await client.verifyCredentials();
    expect(fake.requests).toHaveLength(7);
    expect(fake.requests.every((request) => request.signatureValid)).toBe(true);
    expect(new Set(fake.requests.map((request) => request.oauth.oauth_nonce)).size).toBe(7);
    expect(fake.requests.every((request) => request.oauth.oauth_token === credentials.token)).toBe(true);
  });

  it('sets alt text', async () => {
    const { mediaId } = await init();
    await client.setAltText(mediaId, 'A cat & a dog — 🐈');
    expect(fake.state.altTexts.get(mediaId)).toBe('A cat & a dog — 🐈');
  });

  it('verifies the credentials and names the account', async () => {
    expect(await client.verifyCredentials()).toEqual({
      userId: fakeUser.id,
      screenName: fakeUser.username,
      name: fakeUser.name,
    });
  });

  it('passes additional owners as id strings', async () => {
    const { mediaId } = await init(['1880000000000000002', '12']);
    expect(fake.state.media.get(mediaId)?.additionalOwners).toEqual(['1880000000000000002', '12']);
  });

  it('returns the processing info FINALIZE and STATUS report', async () => {
    fake.state.processingScript.push(
      { state: 'pending', check_after_secs: 5 },
      { state: 'in_progress', check_after_secs: 2, progress_percent: 40 },
    );
    const { mediaId } = await init();
    await client.append(mediaId, 0, { path: filePath, start: 0, length: FILE_SIZE });
    expect((await client.finalize(mediaId)).processingInfo).toEqual({ state: 'pending', checkAfterSecs: 5 });
    expect((await client.status(mediaId)).processingInfo).toEqual({
      state: 'in_progress',
      checkAfterSecs: 2,
      progressPercent: 40,
    });
    expect((await client.status(mediaId)).processingInfo).toEqual({ state: 'succeeded', progressPercent: 100 });
  });

  it('refuses a segment index above 999 before any request', async () => {
    const error = await failureOf(client.append('1880028106020515841', 1000, { path: filePath, start: 0, length: 10 }));
    expect(error.kind).toBe('validation');
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a negative segment index before any request', async () => {
    expect(
      (await failureOf(client.append('1880028106020515841', -1, { path: filePath, start: 0, length: 10 }))).kind,
    ).toBe('validation');
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a chunk over 8 MiB before any request', async () => {
    const error = await failureOf(
      client.append('1880028106020515841', 0, { path: filePath, start: 0, length: MAX_CHUNK_BYTES + 1 }),
    );
    expect(error.kind).toBe('validation');
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a media id that is not digits before any request', async () => {
    expect((await failureOf(client.finalize('../../users/me'))).kind).toBe('validation');
    expect(fake.requests).toHaveLength(0);
  });

  it('reports a file that became shorter than its chunk as file_changed', async () => {
    const error = await failureOf(
      client.append('1880028106020515841', 0, { path: filePath, start: FILE_SIZE - 10, length: 20 }),
    );
    expect(error.kind).toBe('file_changed');
    expect(fake.requests).toHaveLength(0);
  });

  it('reports FINALIZE of missing segments as validation with X’s message', async () => {
    const { mediaId } = await init();
    await client.append(mediaId, 0, { path: filePath, start: 0, length: CHUNK });
    const error = await failureOf(client.finalize(mediaId));
    expect(error).toMatchObject({ kind: 'validation', status: 400, retryable: false });
    expect(error.message).toContain('Segments do not add up to provided total file size.');
  });

  it('reports an unknown media id as not_found_or_expired', async () => {
    const error = await failureOf(client.status('1880028106020515999'));
    expect(error.kind).toBe('not_found_or_expired');
  });
});

describe('the v2 adapter on the wire', () => {
  let fake: FakeX;
  let client: UploadClient;
  beforeEach(async () => {
    fake = await startFakeX();
    client = createUploadClient({
      api: 'v2',
      endpoints: { apiBase: fake.origin, uploadBase: 'http://127.0.0.1:9' },
      credentials,
    });
  });
  afterEach(() => fake.close());

  it('uses the dedicated endpoints with JSON, multipart and a signed STATUS query', async () => {
    const { mediaId } = await client.init({
      totalBytes: 5,
      mediaType: 'image/png',
      mediaCategory: 'tweet_image',
      additionalOwners: [],
    });
    await client.append(mediaId, 0, { path: filePath, start: 0, length: 5 });
    await client.finalize(mediaId);
    await client.status(mediaId);
    await client.setAltText(mediaId, 'alt');
    await client.verifyCredentials();
    expect(fake.requests.map((request) => [request.method, request.path, request.contentType.split(';')[0]])).toEqual([
      ['POST', '/2/media/upload/initialize', 'application/json'],
      ['POST', `/2/media/upload/${mediaId}/append`, 'multipart/form-data'],
      ['POST', `/2/media/upload/${mediaId}/finalize`, ''],
      ['GET', '/2/media/upload', ''],
      ['POST', '/2/media/metadata', 'application/json'],
      ['GET', '/2/users/me', ''],
    ]);
    expect(fake.requests[3]?.query).toEqual({ command: 'STATUS', media_id: mediaId });
    expect(fake.requests[4]?.json).toEqual({ id: mediaId, metadata: { alt_text: { text: 'alt' } } });
  });

  it('sends initialize without additional_owners when there are none', async () => {
    await client.init({ totalBytes: 5, mediaType: 'image/png', mediaCategory: 'tweet_image', additionalOwners: [] });
    expect(fake.requests[0]?.json).toEqual({ media_type: 'image/png', total_bytes: 5, media_category: 'tweet_image' });
  });

  it('sends additional_owners as strings', async () => {
    await client.init({
      totalBytes: 5,
      mediaType: 'image/png',
      mediaCategory: 'tweet_image',
      additionalOwners: ['42'],
    });
    expect(fake.requests[0]?.json).toMatchObject({ additional_owners: ['42'] });
  });
});

describe('the v1.1 adapter on the wire', () => {
  let fake: FakeX;
  let client: UploadClient;
  beforeEach(async () => {
    fake = await startFakeX();
    client = clientAt(fake.origin, 'v1.1');
  });
  afterEach(() => fake.close());

  it('sends INIT and FINALIZE form-encoded, APPEND multipart, STATUS as a query', async () => {
    const { mediaId } = await client.init({
      totalBytes: 5,
      mediaType: 'image/png',
      mediaCategory: 'tweet_image',
      additionalOwners: ['1', '2'],
    });
    await client.append(mediaId, 0, { path: filePath, start: 0, length: 5 });
    await client.finalize(mediaId);
    await client.status(mediaId);
    await client.setAltText(mediaId, 'alt');
    await client.verifyCredentials();
    expect(fake.requests.map((request) => [request.method, request.path, request.contentType.split(';')[0]])).toEqual([
      ['POST', '/1.1/media/upload.json', 'application/x-www-form-urlencoded'],
      ['POST', '/1.1/media/upload.json', 'multipart/form-data'],
      ['POST', '/1.1/media/upload.json', 'application/x-www-form-urlencoded'],
      ['GET', '/1.1/media/upload.json', ''],
      ['POST', '/1.1/media/metadata/create.json', 'application/json'],
      ['GET', '/1.1/account/verify_credentials.json', ''],
    ]);
    expect(fake.requests[0]?.fields).toEqual({
      command: 'INIT',
      total_bytes: '5',
      media_type: 'image/png',
      media_category: 'tweet_image',
      additional_owners: '1,2',
    });
    expect(fake.requests[1]?.fields).toEqual({ command: 'APPEND', media_id: mediaId, segment_index: '0' });
    expect(fake.requests[2]?.fields).toEqual({ command: 'FINALIZE', media_id: mediaId });
    expect(fake.requests[3]?.query).toEqual({ command: 'STATUS', media_id: mediaId });
    expect(fake.requests[4]?.json).toEqual({ media_id: mediaId, alt_text: { text: 'alt' } });
  });

  it('signs the form fields: a request whose fields were not signed is refused', async () => {
    // The fake rebuilds the base string with the form fields; had the client left them out
    // of its signature, the fake would refuse. Proven the other way round here: a form body
    // altered after signing no longer verifies.
    const tampering: typeof fetch = (input, init) => {
      const body = String(init?.body).replace('total_bytes=5', 'total_bytes=6');
      return fetch(input, { ...init, body });
    };
    const tampered = clientAt(fake.origin, 'v1.1', { fetch: tampering });
    const error = await failureOf(
      tampered.init({ totalBytes: 5, mediaType: 'image/png', mediaCategory: '', additionalOwners: [] }),
    );
    expect(error).toMatchObject({ kind: 'auth', status: 401, code: 32 });
  });

  it('uses media_id_string, never a numeric media_id', async () => {
    const { mediaId } = await client.init({
      totalBytes: 5,
      mediaType: 'image/png',
      mediaCategory: 'tweet_image',
      additionalOwners: [],
    });
    expect(mediaId).toBe('1880028106020515841');
    expect(String(Number(mediaId))).not.toBe(mediaId);
  });
});
