// The sandbox's POST /2/tweets and the reads (reference §7): strict schema, media checks, duplicates,
// the reply restriction, 402, the posts rate limit, and the fault that stores a post and drops the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/core/sandbox/index.ts';
import { makePng } from './media-bytes.ts';
import { call, uploadV1 } from './signed-client.ts';

const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(64, 1)]);

async function image(sandbox: Sandbox, user = 0): Promise<string> {
  return (await uploadV1(sandbox, makePng(), { media_type: 'image/png', media_category: 'tweet_image' }, { user }))
    .mediaId;
}

const post = (sandbox: Sandbox, json: unknown, user = 0) => call(sandbox, { path: '/2/tweets', json, user });

describe('sandbox POST /2/tweets', () => {
  let sandbox: Sandbox;
  let text = 0;
  const fresh = () => `post number ${++text}`;
  beforeAll(async () => {
    sandbox = await startSandbox({ processingMs: 300 });
  });
  afterAll(() => sandbox.close());

  it('creates a post with two images and answers 201 with the id as a string', async () => {
    const media = [await image(sandbox), await image(sandbox)];
    const result = await post(sandbox, { text: 'two images', media: { media_ids: media } });
    expect(result.status).toBe(201);
    expect(result.body.data).toEqual({
      id: expect.any(String),
      text: 'two images',
      edit_history_post_ids: [result.body.data.id],
    });
    expect(BigInt(result.body.data.id) > 2n ** 53n).toBe(true);
    expect(sandbox.posts(sandbox.users[0]?.userId)[0]).toMatchObject({ text: 'two images', mediaIds: media });
  });

  it('refuses a field the schema does not have (additionalProperties: false), and stores nothing', async () => {
    const before = sandbox.posts().length;
    const result = await post(sandbox, { text: fresh(), scheduled_at: '2026-01-01' });
    expect(result.status).toBe(400);
    expect(result.body.detail).toBe('The field scheduled_at is not allowed.');
    const nested = await post(sandbox, { text: fresh(), media: { media_ids: [await image(sandbox)], alt: 'x' } });
    expect(nested.body.detail).toBe('The field media.alt is not allowed.');
    expect(sandbox.posts()).toHaveLength(before);
  });

  it('refuses a body that is not JSON, and a post with neither text nor media', async () => {
    const form = await call(sandbox, { path: '/2/tweets', form: { text: 'hi' } });
    expect(form.status).toBe(400);
    expect((await post(sandbox, {})).body.detail).toBe('A post needs text or media.');
  });

  it("refuses media that is still processing, another user's, or unknown: X's 'Your media IDs are invalid.'", async () => {
    const gif = await uploadV1(sandbox, GIF, { media_type: 'image/gif', media_category: 'tweet_gif' });
    const processing = await post(sandbox, { text: fresh(), media: { media_ids: [gif.mediaId] } });
    expect(processing.status).toBe(400);
    expect(processing.body.detail).toBe('Your media IDs are invalid.');
    const others = await post(sandbox, { text: fresh(), media: { media_ids: [await image(sandbox, 1)] } });
    expect(others.body.detail).toBe('Your media IDs are invalid.');
    const unknown = await post(sandbox, { text: fresh(), media: { media_ids: ['123'] } });
    expect(unknown.body.detail).toBe('Your media IDs are invalid.');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await post(sandbox, { text: fresh(), media: { media_ids: [gif.mediaId] } })).status).toBe(201);
  });

  it('refuses 5 images, and a GIF with an image', async () => {
    const five = await Promise.all([0, 1, 2, 3, 4].map(() => image(sandbox)));
    expect((await post(sandbox, { text: fresh(), media: { media_ids: five } })).body.detail).toBe(
      'media.media_ids must be 1 to 4 id strings.',
    );
    const gif = await uploadV1(sandbox, GIF, { media_type: 'image/gif', media_category: 'tweet_gif' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const mixed = await post(sandbox, { text: fresh(), media: { media_ids: [gif.mediaId, five[0]] } });
    expect(mixed.status).toBe(400);
    expect(mixed.body.detail).toMatch(/cannot be mixed/);
  });

  it('counts text with X weighting: 280 Latin characters pass, 141 CJK characters do not', async () => {
    expect((await post(sandbox, { text: 'a'.repeat(279) + 'b' })).status).toBe(201);
    const cjk = await post(sandbox, { text: '日'.repeat(141) });
    expect(cjk.status).toBe(400);
    expect(cjk.body.detail).toBe('Text is 282 weighted characters; at most 280 are allowed.');
  });

  it('answers 403 duplicate-content to the same text from the same account, not from another', async () => {
    const text = fresh();
    expect((await post(sandbox, { text })).status).toBe(201);
    const again = await post(sandbox, { text });
    expect(again.status).toBe(403);
    expect(again.body.type).toBe('https://api.x.com/2/problems/duplicate-content');
    expect(again.body.detail).toBe('You are not allowed to create a Tweet with duplicate content.');
    expect((await post(sandbox, { text }, 1)).status).toBe(201);
  });

  it("allows a reply to one's own post and refuses one to another user's post with 403", async () => {
    const own = await post(sandbox, { text: fresh() });
    const reply = await post(sandbox, { text: fresh(), reply: { in_reply_to_tweet_id: own.body.data.id } });
    expect(reply.status).toBe(201);
    const others = await post(sandbox, { text: fresh() }, 1);
    const refused = await post(sandbox, { text: fresh(), reply: { in_reply_to_tweet_id: others.body.data.id } });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('You can only reply to or quote posts where you are mentioned or are the author.');
    const mentioning = await post(sandbox, { text: `hello @${sandbox.users[0]?.screenName}` }, 1);
    const allowed = await post(sandbox, { text: fresh(), reply: { in_reply_to_tweet_id: mentioning.body.data.id } });
    expect(allowed.status).toBe(201);
  });

  it('answers 402 once the app is out of credits, and creates again after a top-up', async () => {
    sandbox.setCredits(1);
    expect((await post(sandbox, { text: fresh() })).status).toBe(201);
    const broke = await post(sandbox, { text: fresh() });
    expect(broke.status).toBe(402);
    expect(broke.body.detail).toMatch(/does not have any credits/);
    sandbox.setCredits(null);
    expect((await post(sandbox, { text: fresh() })).status).toBe(201);
  });

  it('reads a post back by id, and an unknown one as 200 with only errors', async () => {
    const created = await post(sandbox, { text: fresh() });
    const read = await call(sandbox, {
      path: `/2/tweets/${created.body.data.id}`,
      query: { 'tweet.fields': 'created_at' },
    });
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ id: created.body.data.id, created_at: expect.any(String) });
    const missing = await call(sandbox, { path: '/2/tweets/5' });
    expect(missing.body.data).toBeUndefined();
    expect(missing.body.errors[0].type).toMatch(/resource-not-found$/);
  });

  it("lists a user's posts newest first, with since_id, max_results 5..100 and pagination", async () => {
    const userId = sandbox.users[1]?.userId ?? '';
    const first = await post(sandbox, { text: fresh() }, 1);
    for (let index = 0; index < 6; index += 1) await post(sandbox, { text: fresh() }, 1);
    const newest = await post(sandbox, { text: fresh() }, 1);
    const all = await call(sandbox, { path: `/2/users/${userId}/tweets`, query: { max_results: '100' } });
    expect(all.body.data[0].id).toBe(newest.body.data.id);
    const ids = all.body.data.map((entry: { id: string }) => entry.id);
    expect([...ids].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1))).toEqual(ids);
    const since = await call(sandbox, {
      path: `/2/users/${userId}/tweets`,
      query: { since_id: first.body.data.id, max_results: '5' },
    });
    expect(since.body.data.every((entry: { id: string }) => BigInt(entry.id) > BigInt(first.body.data.id))).toBe(true);
    const page = await call(sandbox, { path: `/2/users/${userId}/tweets`, query: { max_results: '5' } });
    expect(page.body.meta.next_token).toBe('5');
    expect((await call(sandbox, { path: `/2/users/${userId}/tweets`, query: { max_results: '4' } })).status).toBe(400);
    expect((await call(sandbox, { path: `/2/users/${userId}/tweets`, query: { count: '5' } })).status).toBe(400);
  });
});

describe('sandbox posts: expiry, rate limit and faults', () => {
  it('refuses a media id that expired after FINALIZE', async () => {
    let clock = Date.now();
    const sandbox = await startSandbox({ now: () => clock, finalizedExpiresAfterSecs: 60 });
    try {
      const { mediaId } = await uploadV1(sandbox, makePng(), { media_type: 'image/png' }, { clock: () => clock });
      clock += 61_000;
      const result = await call(sandbox, {
        path: '/2/tweets',
        json: { text: 'late', media: { media_ids: [mediaId] } },
        timestamp: Math.floor(clock / 1000),
      });
      expect(result.status).toBe(400);
      expect(result.body.detail).toBe('Your media IDs are invalid.');
      expect(sandbox.violations().at(-1)?.reason).toMatch(/in state expired/);
    } finally {
      await sandbox.close();
    }
  });

  it('allows 100 posts per user per 15 minutes, then 429 with the reset header', async () => {
    const sandbox = await startSandbox({ rateLimits: { post: 2 } });
    try {
      expect((await post(sandbox, { text: 'one' })).headers.get('x-rate-limit-limit')).toBe('2');
      await post(sandbox, { text: 'two' });
      const limited = await post(sandbox, { text: 'three' });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
      expect((await post(sandbox, { text: 'other user' }, 1)).status).toBe(201);
    } finally {
      await sandbox.close();
    }
    const defaults = await startSandbox();
    try {
      expect((await post(defaults, { text: 'x' })).headers.get('x-rate-limit-limit')).toBe('100');
    } finally {
      await defaults.close();
    }
  });

  it("'drop-after-store' creates the post and cuts the connection before the answer", async () => {
    const sandbox = await startSandbox();
    try {
      sandbox.setFaults({ rate: 1, seed: 1, kinds: ['drop-after-store'] });
      await expect(post(sandbox, { text: 'lost answer' })).rejects.toThrow();
      sandbox.setFaults(null);
      expect(sandbox.posts().map((stored) => stored.text)).toEqual(['lost answer']);
    } finally {
      await sandbox.close();
    }
  });
});
