// Exactly once: under faults of every kind (stored-then-dropped posts included) every post exists once in the
// sandbox; X's permanent refusals (402, 403) fail with X's words; a media id that expired is uploaded again.
import { afterEach, describe, expect, it } from 'vitest';
import { makePng } from '../../fixtures/media.ts';
import { postsHarness, type PostsHarness } from './harness.ts';

let world: PostsHarness | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

function countByText(harness: PostsHarness): Map<string, number> {
  const counts = new Map<string, number>();
  for (const post of harness.sandbox.posts()) counts.set(post.text, (counts.get(post.text) ?? 0) + 1);
  return counts;
}

describe('exactly once', () => {
  it('20 posts under 10% faults of every kind: each exists exactly once and ends posted with the sandbox id', async () => {
    world = await postsHarness({ faults: { rate: 0.1, seed: 20_261_201 } });
    world.services.posts.scheduler.start();
    const ids: string[] = [];
    for (let index = 0; index < 20; index += 1) {
      const media = index % 4 === 0 ? [{ path: await makePng(world.dir, { width: 16 + index, height: 16 }) }] : [];
      const { posts } = await world.services.posts.compose({
        accountId: index % 2 === 0 ? world.sandboxAccountId : world.twoAccountId,
        posts: [{ text: `Under faults #${index}`, media }],
      });
      ids.push(posts[0]!.id);
    }
    const done = await Promise.all(ids.map((id) => world!.waitFor(id, ['posted', 'failed'], 60_000)));
    expect(done.map((post) => `${post.text}: ${post.state} ${post.error?.message ?? ''}`)).toEqual(
      done.map((post) => `${post.text}: posted `),
    );
    const counts = countByText(world);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    expect(counts.size).toBe(20);
    const stored = new Map(world.sandbox.posts().map((post) => [post.text, post.id]));
    for (const post of done) expect(post.postId).toBe(stored.get(post.text));
    // The faults did hit the posts: some answers were lost after the post was stored.
    const requests = world.sandbox.postRequests();
    console.info(
      `posts under faults: ${done.length} posted, ${requests.length} POST /2/tweets reached the sandbox, ${requests.filter((request) => request.status === 403).length} answered 403 duplicate, ${done.filter((post) => post.notice?.startsWith('Found')).length} found by lookup, duplicates ${[...counts.values()].filter((count) => count > 1).length}`,
    );
    expect(requests.length).toBeGreaterThanOrEqual(20);
  });

  it('every lost answer is looked up, not resent blindly: with all POSTs stored-then-dropped, one post each', async () => {
    world = await postsHarness();
    world.services.posts.scheduler.start();
    world.sandbox.setFaults({ rate: 1, seed: 7, kinds: ['drop-after-store'] });
    const { posts } = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      posts: [{ text: 'Lost answer', media: [] }],
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    world.sandbox.setFaults(null);
    const posted = await world.waitFor(posts[0]!.id, ['posted', 'failed']);
    expect(posted).toMatchObject({ state: 'posted', postId: world.sandbox.posts()[0]?.id });
    expect(world.sandbox.posts()).toHaveLength(1);
    expect(world.sandbox.postRequests()).toHaveLength(1);
  });

  it('an answer of 500 after the post was stored: looked up (reads fail too), found, never resent', async () => {
    world = await postsHarness();
    world.sandbox.setFaults({ rate: 1, seed: 7, kinds: ['500-after-store'] });
    const { posts } = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      posts: [{ text: 'Answered 500', media: [] }],
    });
    world.services.posts.scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 150));
    world.sandbox.setFaults(null);
    const posted = await world.waitFor(posts[0]!.id, ['posted', 'failed']);
    expect(posted).toMatchObject({ state: 'posted', postId: world.sandbox.posts()[0]?.id });
    expect(world.sandbox.posts()).toHaveLength(1);
    expect(world.sandbox.postRequests()).toHaveLength(1);
  });

  it("402 out of credits fails for good with X's words; nothing posted, nothing lost", async () => {
    world = await postsHarness({ credits: 0 });
    world.services.posts.scheduler.start();
    const { posts } = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      posts: [{ text: 'No credits', media: [] }],
    });
    const failed = await world.waitFor(posts[0]!.id, ['failed', 'posted']);
    expect(failed.error).toMatchObject({ kind: 'payment_required', status: 402, retryable: false });
    expect(failed.error?.message).toMatch(/out of credits: Your enrolled account does not have any credits/);
    expect(world.sandbox.posts()).toEqual([]);
    // Topped up, a retry posts it once.
    world.sandbox.setCredits(null);
    world.services.posts.retry(failed.id);
    expect((await world.waitFor(failed.id, ['posted', 'failed'])).state).toBe('posted');
    expect(world.sandbox.posts()).toHaveLength(1);
  });

  it("a reply X refuses (403, another user's post it did not know offline) fails with X's words", async () => {
    world = await postsHarness();
    world.services.posts.scheduler.start();
    // Made outside Xfer, so the offline check cannot know whose it is.
    const other = world.sandbox.users[1]!;
    const { call } = await import('../../core/sandbox/signed-client.ts');
    const theirs = await call(world.sandbox, { path: '/2/tweets', json: { text: 'Not yours' }, user: 1 });
    expect(other.userId).toBe(world.sandbox.posts()[0]?.authorId);
    const { posts, checks } = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      replyTo: theirs.body.data.id,
      posts: [{ text: 'A reply', media: [] }],
    });
    expect(checks[0]?.warnings.join(' ')).toMatch(/cannot check offline/);
    const failed = await world.waitFor(posts[0]!.id, ['failed', 'posted']);
    expect(failed.error).toMatchObject({ kind: 'forbidden', status: 403 });
    expect(failed.error?.message).toMatch(
      /You can only reply to or quote posts where you are mentioned or are the author\./,
    );
    expect(world.sandbox.posts()).toHaveLength(1);
  });

  it('a reply to a post X does not know fails once with the reason, instead of retrying as if media expired', async () => {
    world = await postsHarness();
    world.services.posts.scheduler.start();
    const gone = '1999999999999999999';
    const { posts } = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      replyTo: gone,
      posts: [{ text: 'A reply to a deleted post', media: [] }],
    });
    expect(posts).toHaveLength(1);
    const failed = await world.waitFor(posts[0]!.id, ['failed', 'posted']);
    expect(failed.error).toMatchObject({ kind: 'not_found_or_expired', retryable: false });
    expect(failed.error?.message).toMatch(new RegExp(`the post it replies to \\(${gone}\\) is not on X`));
    expect(world.sandbox.postRequests()).toHaveLength(1);
    expect(world.sandbox.posts()).toEqual([]);
  });

  it('a media id that expired before the post went out is uploaded again as a new session, then posted once', async () => {
    world = await postsHarness({ finalizedExpiresAfterSecs: 2 }, { expiryMarginMs: 0 });
    const path = await makePng(world.dir, { width: 20, height: 20 });
    const [session] = await world.services.prepare([{ path, accountId: world.sandboxAccountId }]);
    world.services.engine.send([session!.id]);
    await world.services.engine.whenIdle();
    const uploaded = world.services.ledger.requireSession(session!.id);
    expect(uploaded.state).toBe('succeeded');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    world.services.posts.scheduler.start();
    const { posts } = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      posts: [{ text: 'Late photo', media: [{ sessionId: session!.id }] }],
    });
    const posted = await world.waitFor(posts[0]!.id, ['posted', 'failed']);
    expect(posted.state).toBe('posted');
    expect(posted.mediaSessionIds[0]).not.toBe(session!.id);
    const fresh = world.services.ledger.requireSession(posted.mediaSessionIds[0]!);
    expect(fresh.mediaId).not.toBe(uploaded.mediaId);
    expect(world.sandbox.postRequests().map((request) => request.status)).toEqual([201]);
  });
});

describe('duplicate content from the sandbox', () => {
  it('a text X already has from the account (posted outside Xfer) fails with kind duplicate_content', async () => {
    world = await postsHarness();
    world.services.posts.scheduler.start();
    const { call } = await import('../../core/sandbox/signed-client.ts');
    await call(world.sandbox, { path: '/2/tweets', json: { text: 'Said it before' } });
    const { posts } = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      posts: [{ text: 'Said it before', media: [] }],
    });
    const failed = await world.waitFor(posts[0]!.id, ['failed', 'posted']);
    expect(failed.error).toMatchObject({ kind: 'duplicate_content', status: 403 });
    expect(world.sandbox.posts()).toHaveLength(1);
  });
});
