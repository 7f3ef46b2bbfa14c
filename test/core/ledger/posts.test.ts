// The posts ledger: threads in one transaction, the state machine, the attempt marker, and reopening a file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../../main/core/ledger/index.ts';
import type { NewPost } from '../../../main/core/ledger/index.ts';

const draft = (text: string, extra: Partial<NewPost> = {}): NewPost => ({
  state: 'ready',
  accountId: null,
  text,
  mediaSessionIds: [],
  replyTo: null,
  scheduledAt: null,
  ...extra,
});

describe('posts ledger', () => {
  it('stores a thread in order, each knowing the one before; only the first keeps reply_to', () => {
    const ledger = Ledger.openInMemory();
    const [first, second, third] = ledger.posts.insert([
      draft('one', { replyTo: '77' }),
      draft('two', { replyTo: '88' }),
      draft('three'),
    ]);
    expect(first?.threadId).not.toBeNull();
    expect([first, second, third].map((post) => post?.threadPosition)).toEqual([0, 1, 2]);
    expect(second?.replyTo).toBeNull();
    expect(ledger.posts.previousInThread(third!)?.id).toBe(second?.id);
    expect(ledger.posts.previousInThread(first!)).toBeNull();
    expect(ledger.posts.list({ threadId: first!.threadId! }).map((post) => post.text)).toEqual(['one', 'two', 'three']);
  });

  it('a single post has no thread', () => {
    const ledger = Ledger.openInMemory();
    expect(ledger.posts.insert([draft('alone')])[0]?.threadId).toBeNull();
  });

  it('refuses a transition the state machine forbids, and changes nothing', () => {
    const ledger = Ledger.openInMemory();
    const [post] = ledger.posts.insert([draft('x')]);
    ledger.posts.transition(post!.id, ['ready'], 'posting', { attemptStartedAt: 5, attempts: 1 });
    expect(() => ledger.posts.transition(post!.id, ['posting'], 'cancelled')).toThrow(/cannot become cancelled/);
    const posted = ledger.posts.transition(post!.id, ['posting'], 'posted', {
      postId: '1890000000000000001',
      attemptStartedAt: null,
    });
    expect(posted).toMatchObject({
      state: 'posted',
      postId: '1890000000000000001',
      attemptStartedAt: null,
      attempts: 1,
    });
    expect(() => ledger.posts.transition(post!.id, ['posted'], 'ready')).toThrow();
  });

  it('finds the posts that use a media session', () => {
    const ledger = Ledger.openInMemory();
    ledger.posts.insert([draft('a', { mediaSessionIds: ['s1', 's2'] }), draft('b', { mediaSessionIds: ['s3'] })]);
    expect(ledger.posts.usingSession('s2').map((post) => post.text)).toEqual(['a']);
  });

  it('keeps posts, the attempt marker and the error across reopening the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'xfer-posts-'));
    try {
      const path = join(dir, 'ledger.sqlite');
      const ledger = Ledger.open(path);
      const [post] = ledger.posts.insert([draft('durable', { scheduledAt: 1_900_000_000_000 })]);
      ledger.posts.transition(post!.id, ['ready'], 'posting', { attemptStartedAt: 42 });
      ledger.close();
      const reopened = Ledger.open(path);
      expect(reopened.posts.require(post!.id)).toMatchObject({
        state: 'posting',
        attemptStartedAt: 42,
        scheduledAt: 1_900_000_000_000,
      });
      reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
