// Scheduling: a post goes out no earlier than its time; one that fell due while Xfer was closed waits for the
// user's choice ("send now" or "reschedule"), or goes on start when the preference says so.
import { afterEach, describe, expect, it } from 'vitest';
import { MISSED_NOTICE } from '../../../main/core/posts/post-choices.ts';
import { postsHarness, type PostsHarness } from './harness.ts';

let world: PostsHarness | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

describe('scheduling', () => {
  it('a post scheduled 3 s ahead is created no earlier than its time', async () => {
    world = await postsHarness();
    world.services.posts.scheduler.start();
    const at = Date.now() + 3000;
    const { posts } = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      scheduledAt: at,
      posts: [{ text: 'In three seconds', media: [] }],
    });
    expect(posts[0]?.state).toBe('scheduled');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(world.sandbox.posts()).toEqual([]);
    const posted = await world.waitFor(posts[0]!.id, ['posted', 'failed']);
    expect(posted.state).toBe('posted');
    expect(world.sandbox.posts()[0]!.createdAt).toBeGreaterThanOrEqual(at);
  });

  it('one that fell due while Xfer was closed waits for the choice; "send now" sends it, "reschedule" moves it', async () => {
    world = await postsHarness();
    const { posts } = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      scheduledAt: Date.now() + 400,
      posts: [{ text: 'Missed one', media: [] }],
    });
    const second = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      scheduledAt: Date.now() + 400,
      posts: [{ text: 'Missed two', media: [] }],
    });
    // Xfer is closed past their time.
    await world.services.close();
    await new Promise((resolve) => setTimeout(resolve, 600));
    const services = await world.reopen({ resume: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const waiting = services.posts.get(posts[0]!.id);
    expect(waiting).toMatchObject({ state: 'scheduled', awaitingChoice: true, notice: MISSED_NOTICE });
    expect(world.sandbox.posts()).toEqual([]);
    services.posts.sendNow(posts[0]!.id);
    expect((await world.waitFor(posts[0]!.id, ['posted', 'failed'])).state).toBe('posted');
    const later = Date.now() + 60 * 60 * 1000;
    expect(services.posts.reschedule(second.posts[0]!.id, later)).toMatchObject({
      state: 'scheduled',
      awaitingChoice: false,
      scheduledAt: later,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(world.sandbox.posts().map((post) => post.text)).toEqual(['Missed one']);
  });

  it('with the preference "send", a post that fell due while closed goes out on start', async () => {
    world = await postsHarness();
    world.services.preferences.set('missedPosts', 'send');
    const { posts } = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      scheduledAt: Date.now() + 300,
      posts: [{ text: 'Sent late on purpose', media: [] }],
    });
    await world.services.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await world.reopen({ resume: true });
    expect((await world.waitFor(posts[0]!.id, ['posted', 'failed'])).state).toBe('posted');
  });

  it('cancel stops a scheduled post; retry after cancel sends it', async () => {
    world = await postsHarness();
    world.services.posts.scheduler.start();
    const { posts } = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      scheduledAt: Date.now() + 60_000,
      posts: [{ text: 'Changed my mind', media: [] }],
    });
    expect(world.services.posts.cancel(posts[0]!.id).state).toBe('cancelled');
    world.services.posts.retry(posts[0]!.id);
    expect((await world.waitFor(posts[0]!.id, ['posted', 'failed'])).state).toBe('posted');
  });
});
