// A post going out and a post failing each give one notification with a plain title (who), a body
// (the text, or X's words for a failure) and what a click opens (that post); never a secret.
import { afterEach, describe, expect, it } from 'vitest';
import { createPostHandlers } from '../../../main/app/post-handlers.ts';
import type { NavigateTarget } from '../../../main/ipc/contract.ts';
import { EventHub } from '../../../main/ipc/events.ts';
import { postsHarness, type PostsHarness } from './harness.ts';

let world: PostsHarness | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 1500; attempt++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never happened: ${what}`);
}

describe('post notifications', () => {
  it('one when a post goes out and one when a post fails, each opening its post', async () => {
    world = await postsHarness({ credits: 1 });
    const notifications: { title: string; body: string; target?: NavigateTarget }[] = [];
    const ports = {
      pickFiles: async () => [],
      openExternal: async () => {},
      writeClipboard: () => {},
      notify: (title: string, body: string, target?: NavigateTarget) => notifications.push({ title, body, target }),
    };
    createPostHandlers(world.services, ports, new EventHub());
    world.services.posts.scheduler.start();
    const screenName = world.services.accounts.getByName('sandbox').screenName;

    const sent = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      posts: [{ text: 'Hello from the tray', media: [] }],
    });
    await world.waitFor(sent.posts[0]!.id, ['posted', 'failed']);
    await eventually(() => notifications.length === 1, 'the posted notification');
    expect(notifications[0]).toEqual({
      title: `Posted as @${screenName}`,
      body: 'Hello from the tray',
      target: { screen: 'posts', id: sent.posts[0]!.id },
    });

    // The sandbox's one credit is spent: X answers 402, and the notification says so in X's words.
    const refused = await world.services.posts.compose({
      accountId: world.sandboxAccountId,
      posts: [{ text: 'This one will not go out', media: [] }],
    });
    await world.waitFor(refused.posts[0]!.id, ['failed', 'posted']);
    await eventually(() => notifications.length === 2, 'the failed notification');
    expect(notifications[1]).toMatchObject({
      title: `Post failed (@${screenName})`,
      body: expect.stringMatching(/out of credits/),
      target: { screen: 'posts', id: refused.posts[0]!.id },
    });

    const secrets = [
      world.sandbox.consumerSecret,
      ...world.sandbox.users.flatMap((user) => [user.token, user.tokenSecret]),
    ];
    for (const secret of secrets) expect(JSON.stringify(notifications)).not.toContain(secret);
  });
});
