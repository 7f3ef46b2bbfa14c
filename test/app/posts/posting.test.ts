// Posts end to end against the sandbox: media through the upload engine, the one POST each, threads, and
// the offline refusals (reference §7).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePng, makeVideo } from '../../fixtures/media.ts';
import { postsHarness, type PostsHarness } from './harness.ts';

let world: PostsHarness;
beforeEach(async () => {
  world = await postsHarness();
  world.services.posts.scheduler.start();
});
afterEach(() => world.close());

describe('posting', () => {
  it('a post with two images (alt text on each): one POST after both succeeded, with their media ids', async () => {
    const first = await makePng(world.dir, { width: 32, height: 24 });
    const second = await makePng(world.dir, { width: 24, height: 32 });
    const { posts, checks } = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      posts: [
        {
          text: 'Two photos',
          media: [
            { path: first, altText: 'A wide one' },
            { path: second, altText: 'A tall one' },
          ],
        },
      ],
    });
    expect(checks[0]?.problems).toEqual([]);
    const posted = await world.waitFor(posts[0]!.id, ['posted', 'failed']);
    expect(posted.state).toBe('posted');
    const requests = world.sandbox.postRequests();
    expect(requests).toHaveLength(1);
    const sessions = posted.mediaSessionIds.map((id) => world.services.ledger.requireSession(id));
    expect(requests[0]).toMatchObject({
      status: 201,
      postId: posted.postId,
      body: { text: 'Two photos', media: { media_ids: sessions.map((session) => session.mediaId) } },
    });
    expect(sessions.map((session) => world.sandbox.inspect(session.mediaId!)?.altText)).toEqual([
      'A wide one',
      'A tall one',
    ]);
    expect(world.sandbox.posts()[0]?.id).toBe(posted.postId);
  });

  it('a post with a video waits for processing to succeed, then posts once', async () => {
    const video = await makeVideo(world.dir, { seconds: 1, width: 320, height: 240, fps: 30, codec: 'h264' });
    const { posts } = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      posts: [{ text: 'A clip', media: [{ path: video }] }],
    });
    const posted = await world.waitFor(posts[0]!.id, ['posted', 'failed']);
    expect(posted).toMatchObject({ state: 'posted', error: null });
    const mediaId = world.services.ledger.requireSession(posted.mediaSessionIds[0]!).mediaId!;
    expect(world.sandbox.inspect(mediaId)?.state).toBe('succeeded');
    expect(world.sandbox.postRequests()).toEqual([
      expect.objectContaining({ status: 201, body: { text: 'A clip', media: { media_ids: [mediaId] } } }),
    ]);
    // Posting while processing would have been refused and recorded as a violation.
    expect(world.sandbox.violations()).toEqual([]);
  });

  it('a thread of three goes out in order, each replying to the one before', async () => {
    const { posts } = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      posts: [
        { text: 'Thread 1/3', media: [] },
        { text: 'Thread 2/3', media: [] },
        { text: 'Thread 3/3', media: [] },
      ],
    });
    const done = [];
    for (const post of posts) done.push(await world.waitFor(post.id, ['posted', 'failed']));
    expect(done.map((post) => post.state)).toEqual(['posted', 'posted', 'posted']);
    const stored = world.sandbox.posts().reverse();
    expect(stored.map((post) => post.text)).toEqual(['Thread 1/3', 'Thread 2/3', 'Thread 3/3']);
    expect(stored.map((post) => post.inReplyTo)).toEqual([null, done[0]!.postId, done[1]!.postId]);
  });

  it("a reply to another account's post is refused offline with the reason, and nothing is recorded", async () => {
    const theirs = await world.services.posts.compose({
      accountId: world.twoAccountId,
      posts: [{ text: 'Mine, not yours', media: [] }],
    });
    const target = await world.waitFor(theirs.posts[0]!.id, ['posted']);
    const reply = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      replyTo: target.postId,
      posts: [{ text: 'Replying', media: [] }],
    });
    expect(reply.posts).toEqual([]);
    expect(reply.checks[0]?.problems.join(' ')).toMatch(
      /is @xfer_demo_two's, not @xfer_demo's: X lets an app reply only/,
    );
    expect(world.sandbox.postRequests()).toHaveLength(1);
  });

  it('refuses offline: over-long text, 5 images, image + video; each with a clear reason, nothing sent', async () => {
    const images = await Promise.all(
      [1, 2, 3, 4, 5].map((index) => makePng(world.dir, { width: 10 + index, height: 10 })),
    );
    const video = await makeVideo(world.dir, { seconds: 1, width: 320, height: 240, fps: 30, codec: 'h264' });
    const compose = (text: string, paths: string[]) =>
      world.services.posts.compose({
        accountId: world.sandboxAccountId,
        posts: [{ text, media: paths.map((path) => ({ path })) }],
      });
    expect((await compose('x'.repeat(281), [])).checks[0]?.problems).toEqual([
      'The text is 281 weighted characters; X allows 280 (URLs count 23, CJK and emoji 2).',
    ]);
    expect((await compose('five', images)).checks[0]?.problems).toEqual([
      'A post takes at most 4 images; this one has 5.',
    ]);
    expect((await compose('mixed', [images[0]!, video])).checks[0]?.problems[0]).toMatch(
      /\(image \+ video\) cannot go together/,
    );
    expect(world.services.posts.list()).toEqual([]);
    expect(world.sandbox.postRequests()).toEqual([]);
  });

  it('flags the same text on two of the user’s accounts, citing X’s automation rule', async () => {
    await world.services.posts.compose({ accountId: world.twoAccountId, posts: [{ text: 'Same words', media: [] }] });
    const second = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      posts: [{ text: 'Same words', media: [] }],
    });
    expect(second.checks[0]?.warnings.join(' ')).toMatch(
      /also queued or posted on @?xfer_demo_two|two: X's automation rules forbid/,
    );
  });
});
