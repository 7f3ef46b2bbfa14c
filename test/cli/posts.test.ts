// `xfer post`, `xfer posts`, `xfer run` and post ids in cancel/retry/forget, as a user runs them: real child
// processes, a sandbox in this test process (it outlives each child), an account added with --api-base whose
// secrets go to a private, real Secret Service. Also the "done when" kill test: `xfer run` SIGKILLed at random
// points, including right after a POST /2/tweets reached X, and every post still exists exactly once.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom, startSandbox, type Sandbox } from '../../main/core/sandbox/index.ts';
import { makePng } from '../fixtures/media.ts';
import { startPrivateSecretService, type PrivateSecretService } from '../setup/secret-service.ts';
import { addApiAccount, jsonOf, startXfer, xfer, type XferOutcome } from './run-xfer.ts';

let secretService: PrivateSecretService;
let work: string;
let env: NodeJS.ProcessEnv;
let sandbox: Sandbox;
let counter = 0;

beforeAll(async () => {
  secretService = await startPrivateSecretService();
  work = await mkdtemp(join(tmpdir(), 'xfer-cli-posts-'));
  env = { ...secretService.env, XFER_KEYCHAIN_SERVICE: `xfer-test-${randomUUID()}` };
  sandbox = await startSandbox({ processingMs: 200 });
});
afterAll(async () => {
  await sandbox?.close();
  await secretService?.stop();
  await rm(work, { recursive: true, force: true });
});

/** A fresh data dir with one account "api" for the sandbox's first user. */
async function freshDataDir(): Promise<{ run: (...args: string[]) => Promise<XferOutcome>; dataDir: string }> {
  const dataDir = join(work, `data-${++counter}`);
  const added = await addApiAccount(dataDir, 'api', sandbox, env);
  expect(added.code, added.stderr).toBe(0);
  return { dataDir, run: (...args) => xfer(['--data-dir', dataDir, ...args], env) };
}

interface PostOut {
  id: string;
  state: string;
  account: string;
  text: string;
  media: string[];
  post_id: string | null;
  scheduled_at: string | null;
  error: { kind: string; message: string } | null;
}

describe('xfer post', () => {
  it('posts two images with alt text: prints the post id; --json has exactly the documented fields', async () => {
    const { run } = await freshDataDir();
    const one = await makePng(work, { width: 30, height: 20 });
    const two = await makePng(work, { width: 20, height: 30 });
    const before = sandbox.postRequests().length;
    const plain = await run(
      'post',
      one,
      two,
      '--account',
      'api',
      '--text',
      'CLI photos',
      '--alt',
      'First',
      '--alt',
      'Second',
    );
    expect(plain.code, plain.stderr).toBe(0);
    const stored = sandbox.posts()[0]!;
    expect(plain.stdout).toBe(`${stored.id}\n`);
    expect(stored.mediaIds.map((id) => sandbox.inspect(id)?.altText)).toEqual(['First', 'Second']);
    expect(sandbox.postRequests().length - before).toBe(1);

    const json = await run('post', '--account', 'api', '--text', 'CLI json', '--json');
    expect(json.code, json.stderr).toBe(0);
    const [post] = jsonOf<{ posts: PostOut[] }>(json).posts;
    expect(Object.keys(post!).sort()).toEqual([
      'account',
      'error',
      'id',
      'media',
      'post_id',
      'scheduled_at',
      'state',
      'text',
    ]);
    expect(post).toMatchObject({
      state: 'posted',
      account: 'api',
      text: 'CLI json',
      media: [],
      post_id: sandbox.posts()[0]!.id,
      scheduled_at: null,
      error: null,
    });
  });

  it('repeated --text is a thread in order; 2:FILE attaches a file to the second post', async () => {
    const { run } = await freshDataDir();
    const image = await makePng(work, { width: 33, height: 33 });
    const outcome = await run(
      'post',
      `2:${image}`,
      '--account',
      'api',
      '--text',
      'T one',
      '--text',
      'T two',
      '--text',
      'T three',
      '--json',
    );
    expect(outcome.code, outcome.stderr).toBe(0);
    const posts = jsonOf<{ posts: PostOut[] }>(outcome).posts;
    expect(posts.map((post) => [post.text, post.media.length])).toEqual([
      ['T one', 0],
      ['T two', 1],
      ['T three', 0],
    ]);
    const byId = new Map(sandbox.posts().map((post) => [post.id, post]));
    expect(byId.get(posts[1]!.post_id!)?.inReplyTo).toBe(posts[0]!.post_id);
    expect(byId.get(posts[2]!.post_id!)?.inReplyTo).toBe(posts[1]!.post_id);
  });

  it('bad input: over-long text and 5 images exit 1 recording no post; a bad --at exits 2', async () => {
    const { run } = await freshDataDir();
    const long = await run('post', '--account', 'api', '--text', '字'.repeat(141));
    expect(long.code).toBe(1);
    expect(long.stderr).toMatch(/282 weighted characters; X allows 280/);
    const images = await Promise.all([1, 2, 3, 4, 5].map((index) => makePng(work, { width: 40 + index, height: 9 })));
    const five = await run('post', ...images, '--account', 'api', '--text', 'five');
    expect(five.code).toBe(1);
    expect(five.stderr).toMatch(/at most 4 images; this one has 5/);
    const at = await run('post', '--account', 'api', '--text', 'when', '--at', '2026-12-24 09:00');
    expect(at.code).toBe(2);
    expect(at.stderr).toMatch(/not a time: give ISO 8601 with a zone/);
    expect(jsonOf<{ posts: unknown[] }>(await run('posts', '--json')).posts).toEqual([]);
  });
});

describe('xfer post --at and xfer run', () => {
  it('a post scheduled 3 s ahead is recorded now and created by a running `xfer run` no earlier than its time', async () => {
    const { dataDir, run } = await freshDataDir();
    // `xfer run` is already up when the post is recorded, as on a server.
    const running = startXfer(['--data-dir', dataDir, 'run'], env);
    await new Promise<void>((resolve) =>
      running.child.stderr?.on('data', (text: Buffer | string) => String(text).includes('running') && resolve()),
    );
    const scheduled = await run('post', '--account', 'api', '--text', 'Three seconds later', '--at', '+3s', '--json');
    expect(scheduled.code, scheduled.stderr).toBe(0);
    const [post] = jsonOf<{ posts: PostOut[] }>(scheduled).posts;
    expect(post?.state).toBe('scheduled');
    const at = Date.parse(post!.scheduled_at!);
    const found = () => sandbox.posts().find((stored) => stored.text === 'Three seconds later');
    while (!found()) await new Promise((resolve) => setTimeout(resolve, 50));
    running.child.kill('SIGTERM');
    await running.done;
    expect(found()!.createdAt).toBeGreaterThanOrEqual(at);
    const listed = jsonOf<{ posts: PostOut[] }>(await run('posts', '--state', 'posted', '--json')).posts;
    expect(listed.map((entry) => entry.post_id)).toEqual([found()!.id]);
    // Nothing left: `xfer run --until-idle` exits at once, 0.
    expect((await run('run', '--until-idle')).code).toBe(0);
  });

  it('cancel, retry and forget accept post ids', async () => {
    const { run } = await freshDataDir();
    const scheduled = jsonOf<{ posts: PostOut[] }>(
      await run('post', '--account', 'api', '--text', 'Id actions', '--at', '+1h', '--json'),
    ).posts[0]!;
    const short = scheduled.id.slice(0, 8);
    expect(jsonOf<PostOut>(await run('cancel', short, '--json')).state).toBe('cancelled');
    const retried = await run('retry', short, '--json');
    expect(retried.code, retried.stderr).toBe(0);
    expect(jsonOf<PostOut>(retried)).toMatchObject({ state: 'posted', post_id: expect.any(String) });
    expect(jsonOf(await run('forget', short, '--json'))).toEqual({ forgotten: scheduled.id });
    expect(sandbox.posts().some((post) => post.text === 'Id actions')).toBe(true);
  });
});

describe('xfer run killed with SIGKILL', () => {
  it('at ≥ 10 random points, including right after a POST reached X: every post exists exactly once', async () => {
    const { dataDir, run } = await freshDataDir();
    // Each restart finds the posts overdue: the preference sends them instead of waiting for a choice.
    expect((await run('prefs', 'missedPosts', 'send')).code).toBe(0);
    const texts = Array.from({ length: 20 }, (_, index) => `Survives kills #${index}`);
    for (const text of texts) {
      const recorded = await run('post', '--account', 'api', '--text', text, '--at', '+1s');
      expect(recorded.code, recorded.stderr).toBe(0);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // The answer to each POST comes 150 ms after the post is stored: a kill in that window is "right after".
    sandbox.setLatency(150);
    const random = seededRandom(20_261_201);
    let kills = 0;
    let afterPost = 0;
    try {
      for (let round = 0; round < 40 && (kills < 10 || afterPost < 3); round += 1) {
        const child = startXfer(['--data-dir', dataDir, 'run', '--until-idle'], env);
        const seen = sandbox.postRequests().length;
        const killOnPost = round % 2 === 0;
        const deadline = Date.now() + 150 + Math.floor(random() * 1200);
        let ended: XferOutcome | null = null;
        void child.done.then((outcome) => (ended = outcome));
        while (!ended) {
          const posted = sandbox.postRequests().length > seen;
          if ((killOnPost && posted) || (!killOnPost && Date.now() >= deadline)) {
            child.child.kill('SIGKILL');
            const outcome = await child.done;
            if (outcome.signal === 'SIGKILL') {
              kills += 1;
              if (killOnPost) afterPost += 1;
            }
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        if (ended && (ended as XferOutcome).code === 0) break;
      }
    } finally {
      sandbox.setLatency(0);
    }
    const last = await run('run', '--until-idle');
    expect(last.code, last.stderr).toBe(0);
    const posts = jsonOf<{ posts: PostOut[] }>(await run('posts', '--json')).posts;
    expect(posts.map((post) => post.state)).toEqual(texts.map(() => 'posted'));
    const counts = texts.map((text) => sandbox.posts().filter((post) => post.text === text).length);
    console.info(
      `xfer run SIGKILLed ${kills} times (${afterPost} right after a POST reached the sandbox); copies per post: ${counts.join(',')}`,
    );
    expect(kills).toBeGreaterThanOrEqual(10);
    expect(afterPost).toBeGreaterThanOrEqual(3);
    expect(counts).toEqual(texts.map(() => 1));
    const stored = new Map(sandbox.posts().map((post) => [post.text, post.id]));
    for (const post of posts) expect(post.post_id).toBe(stored.get(post.text));
  });
});
