// Interop: Debian's python3-tweepy Client (API v2) posts with a sandbox media id, replies, reads the post
// and the user's posts back, and meets the duplicate-content 403 — all against the sandbox over TLS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../main/core/sandbox/index.ts';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makePng } from '../core/sandbox/media-bytes.ts';
import { useTempDir } from '../core/media/temp-dir.ts';
import { runTweepy } from './tweepy-run.ts';

describe('interop: tweepy Client.create_tweet (v2)', () => {
  let sandbox: Sandbox;
  const dir = useTempDir('tweepy-post');
  beforeAll(async () => {
    sandbox = await startSandbox({ tls: true });
  });
  afterAll(() => sandbox.close());

  it('creates a post with media, a reply, reads both back, and gets 403 for a duplicate', async () => {
    const user = sandbox.users[0]!;
    const image = join(dir.path, 'photo.png');
    await writeFile(image, makePng());
    const stdout = await runTweepy(sandbox, 'tweepy_post.py', [String(sandbox.port), image, 'Posted by tweepy']);
    const steps = Object.fromEntries(
      stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { step: string })
        .map((step) => [step.step, step]),
    ) as Record<string, Record<string, unknown>>;
    const mediaId = steps.upload?.media_id as string;
    const stored = sandbox.posts(user.userId);
    expect(stored.map((post) => post.text)).toEqual(['Posted by tweepy (reply)', 'Posted by tweepy']);
    expect(steps.create).toMatchObject({ id: stored[1]?.id, text: 'Posted by tweepy' });
    expect(stored[1]?.mediaIds).toEqual([mediaId]);
    expect(stored[0]?.inReplyTo).toBe(stored[1]?.id);
    // tweepy reads ids as Python ints: the sandbox's exact digits must survive.
    expect(String(steps.read?.id)).toBe(stored[1]?.id);
    expect(steps.read?.created_at).toMatch(/^\d{4}-\d\d-\d\d/);
    expect((steps.timeline?.ids as unknown[]).map(String)).toEqual(stored.map((post) => post.id));
    expect(steps.duplicate).toMatchObject({ status: 403 });
    expect(steps.duplicate?.messages).toEqual(['You are not allowed to create a Tweet with duplicate content.']);
    expect(sandbox.violations().map((violation) => violation.reason)).toEqual(['post with duplicate content']);
  });
});
