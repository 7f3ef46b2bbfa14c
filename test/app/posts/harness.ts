// Services over a temp data dir, signing against one standalone sandbox: the built-in account is demo user 0,
// "two" is demo user 1. Short scheduler ticks so tests wait milliseconds, not seconds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { abortableSleep } from '../../../main/core/engine/index.ts';
import { openServices, type Services } from '../../../main/app/services.ts';
import type { Post } from '../../../main/core/ledger/post-types.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../main/core/sandbox/index.ts';
import { InMemorySecretStore } from '../../fakes/secret-store.ts';

export interface PostsHarness {
  dir: string;
  sandbox: Sandbox;
  services: Services;
  sandboxAccountId: string;
  twoAccountId: string;
  /** Opens the same data dir again (a restart), the old services closed first. */
  reopen(options?: { resume?: boolean; now?: () => number }): Promise<Services>;
  waitFor(id: string, states: readonly Post['state'][], timeoutMs?: number): Promise<Post>;
  close(): Promise<void>;
}

export async function postsHarness(
  sandboxOptions: SandboxOptions = {},
  postsOptions: { expiryMarginMs?: number } = {},
): Promise<PostsHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'xfer-posts-'));
  const sandbox = await startSandbox({ processingMs: 300, ...sandboxOptions });
  const secrets = new InMemorySecretStore();
  let skipped = 0;
  const open = (resume: boolean) =>
    openServices({
      dataDir: join(dir, 'data'),
      secretStore: secrets,
      sandbox: {
        url: sandbox.url,
        consumerKey: sandbox.consumerKey,
        consumerSecret: sandbox.consumerSecret,
        users: sandbox.users,
      },
      resume,
      // The engine's waits (retries, a 429's pause of a minute) pass on its own clock, which jumps ahead.
      engine: {
        now: () => Date.now() + skipped,
        sleep: (ms, signal) => {
          skipped += Math.max(0, ms);
          return abortableSleep(Math.min(ms, 5), signal);
        },
        retry: { baseDelayMs: 20, maxDelayMs: 200 },
        reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
      },
      posts: { tickMs: 30, retryDelayMs: 20, maxRateLimitPauseMs: 100, ...postsOptions },
    });
  const harness: PostsHarness = {
    dir,
    sandbox,
    services: await open(false),
    sandboxAccountId: '',
    twoAccountId: '',
    async reopen(options = {}) {
      await harness.services.close();
      harness.services = await open(options.resume ?? true);
      return harness.services;
    },
    async waitFor(id, states, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const post = harness.services.ledger.posts.require(id);
        if (states.includes(post.state)) return post;
        if (Date.now() > deadline)
          throw new Error(
            `post ${id} is ${post.state} (${post.error?.message ?? post.notice ?? ''}), not ${states.join('/')}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      await harness.services.close();
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  harness.sandboxAccountId = harness.services.accounts.getByName('sandbox').id;
  const user = sandbox.users[1];
  if (!user) throw new Error('sandbox has one user');
  const two = await harness.services.accounts.addWithTokens({
    name: 'two',
    consumerKey: sandbox.consumerKey,
    consumerSecret: sandbox.consumerSecret,
    token: user.token,
    tokenSecret: user.tokenSecret,
    apiBase: sandbox.url,
  });
  harness.twoAccountId = two.id;
  return harness;
}
