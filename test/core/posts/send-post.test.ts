// sendPost's decisions with a scripted posts client: the attempt is recorded before the request, an unknown
// outcome is looked up before any resend, and a 403 duplicate after an unknown outcome is a lookup, not a failure.
import { describe, expect, it } from 'vitest';
import { XferFailure, xferError } from '../../../main/common/errors.ts';
import { Ledger } from '../../../main/core/ledger/index.ts';
import { findSentPost } from '../../../main/core/posts/lookup.ts';
import { sendPost } from '../../../main/core/posts/send-post.ts';
import type { PostsClient, RecentPost } from '../../../main/core/x-api/posts-client.ts';

function world() {
  const ledger = Ledger.openInMemory();
  const [post] = ledger.posts.insert([
    { state: 'ready', accountId: null, text: 'Hello', mediaSessionIds: [], replyTo: null, scheduledAt: null },
  ]);
  const timeline: RecentPost[] = [];
  const calls: string[] = [];
  const script: (() => Promise<{ postId: string; text: string }>)[] = [];
  const client: PostsClient = {
    async create(request) {
      calls.push('create');
      // What the ledger says while the request is out: the attempt is already recorded.
      expect(ledger.posts.require(post!.id)).toMatchObject({ state: 'posting', attemptStartedAt: expect.any(Number) });
      const next = script.shift();
      if (!next) throw new Error('unexpected create');
      return next().then((created) => {
        timeline.unshift({ postId: created.postId, text: request.text, createdAt: Date.now(), mediaKeys: [] });
        return created;
      });
    },
    async recent() {
      calls.push('recent');
      return [...timeline];
    },
  };
  const context = { ledger, client, userId: '1', now: Date.now };
  return { ledger, post: post!, timeline, calls, script, context };
}

const lost = (kind: 'network' | 'server') => () =>
  Promise.reject(new XferFailure(xferError(kind, 'POST /2/tweets: gone')));

describe('sendPost', () => {
  it('records posted with X id on a 201', async () => {
    const { context, post, script, calls } = world();
    script.push(async () => ({ postId: '100', text: 'Hello' }));
    const outcome = await sendPost(context, post.id, { mediaIds: [], inReplyTo: null });
    expect(outcome).toMatchObject({
      kind: 'posted',
      foundByLookup: false,
      post: { state: 'posted', postId: '100', attemptStartedAt: null, attempts: 1 },
    });
    expect(calls).toEqual(['create']);
  });

  it('after a lost answer, looks the post up before sending again; found → that id, no second create', async () => {
    const { context, post, script, calls, timeline } = world();
    script.push(lost('network'));
    expect((await sendPost(context, post.id, { mediaIds: [], inReplyTo: null })).kind).toBe('unknown');
    // X did create it; the answer was lost.
    timeline.unshift({ postId: '200', text: 'Hello', createdAt: Date.now(), mediaKeys: [] });
    const outcome = await sendPost(context, post.id, { mediaIds: [], inReplyTo: null });
    expect(outcome).toMatchObject({ kind: 'posted', foundByLookup: true, post: { postId: '200' } });
    expect(calls).toEqual(['create', 'recent']);
  });

  it('not found after a lost answer → sends again', async () => {
    const { context, post, script, calls } = world();
    script.push(lost('server'), async () => ({ postId: '300', text: 'Hello' }));
    await sendPost(context, post.id, { mediaIds: [], inReplyTo: null });
    const outcome = await sendPost(context, post.id, { mediaIds: [], inReplyTo: null });
    expect(outcome).toMatchObject({ kind: 'posted', post: { postId: '300', attempts: 2 } });
    expect(calls).toEqual(['create', 'recent', 'create']);
  });

  it('a 403 duplicate after an unknown outcome is looked up (the timeline lagged): posted, not failed', async () => {
    const { context, post, script, calls, timeline } = world();
    script.push(lost('network'), () => {
      // X had it all along; its timeline shows it only now.
      timeline.unshift({ postId: '400', text: 'Hello', createdAt: Date.now(), mediaKeys: [] });
      return Promise.reject(
        new XferFailure(
          xferError(
            'duplicate_content',
            'POST /2/tweets: You are not allowed to create a Tweet with duplicate content.',
            { status: 403 },
          ),
        ),
      );
    });
    await sendPost(context, post.id, { mediaIds: [], inReplyTo: null });
    const outcome = await sendPost(context, post.id, { mediaIds: [], inReplyTo: null });
    expect(outcome).toMatchObject({ kind: 'posted', foundByLookup: true, post: { postId: '400', state: 'posted' } });
    expect(calls).toEqual(['create', 'recent', 'create', 'recent']);
  });

  it('a 403 duplicate on a first attempt is a failure with X’s words', async () => {
    const { context, post, script } = world();
    script.push(() =>
      Promise.reject(
        new XferFailure(
          xferError(
            'duplicate_content',
            'POST /2/tweets: You are not allowed to create a Tweet with duplicate content.',
          ),
        ),
      ),
    );
    const outcome = await sendPost(context, post.id, { mediaIds: [], inReplyTo: null });
    expect(outcome).toMatchObject({ kind: 'refused', post: { state: 'failed', attemptStartedAt: null } });
    expect(outcome.post.error?.message).toMatch(/duplicate content/);
  });

  it('a 429 is known not to have created the post: back to ready, no attempt pending', async () => {
    const { context, post, script } = world();
    script.push(() =>
      Promise.reject(new XferFailure(xferError('rate_limited', 'limited', { until: Date.now() + 1000 }))),
    );
    const outcome = await sendPost(context, post.id, { mediaIds: [], inReplyTo: null });
    expect(outcome).toMatchObject({ kind: 'not_sent', post: { state: 'ready', attemptStartedAt: null } });
  });
});

describe('findSentPost', () => {
  const target = {
    text: 'See https://example.com/x',
    mediaIds: ['55'],
    attemptStartedAt: 1_000_000_000_000,
    taken: new Set<string>(),
  };
  it('matches X’s t.co-rewritten text and the media key', () => {
    const recent = [{ postId: '9', text: 'See https://t.co/abc', createdAt: 1_000_000_000_500, mediaKeys: ['3_55'] }];
    expect(findSentPost(recent, target)?.postId).toBe('9');
  });
  it('never claims a post made long before the attempt, one with other media, or an id already recorded', () => {
    expect(
      findSentPost([{ postId: '9', text: 'See https://t.co/abc', createdAt: 1, mediaKeys: ['3_55'] }], target),
    ).toBeNull();
    expect(
      findSentPost([{ postId: '9', text: 'See https://t.co/abc', createdAt: null, mediaKeys: ['3_56'] }], target),
    ).toBeNull();
    expect(
      findSentPost([{ postId: '9', text: 'See https://t.co/abc', createdAt: null, mediaKeys: ['3_55'] }], {
        ...target,
        taken: new Set(['9']),
      }),
    ).toBeNull();
  });
});
