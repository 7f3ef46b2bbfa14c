// Interop: npm's twitter-api-v2 (a client nobody here wrote) uploads a real MP4 through its own
// v1.uploadMedia (multipart commands, 3 APPENDs in flight) and v2.uploadMedia (dedicated
// endpoints), against the sandbox over TLS. Only the connection target is redirected.
import { createHash } from 'node:crypto';
import type { Agent } from 'node:https';
import { TwitterApi } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../main/core/sandbox/index.ts';
import { makeMp4, makePng, type MadeFile } from '../core/sandbox/media-bytes.ts';
import { redirectAgent } from './redirect-agent.ts';

describe('interop: twitter-api-v2 uploadMedia', () => {
  let sandbox: Sandbox;
  let agent: Agent;
  let client: TwitterApi;
  let video: MadeFile;
  const sha256 = () => createHash('sha256').update(video.bytes).digest('hex');

  beforeAll(async () => {
    sandbox = await startSandbox({ tls: true, processingMs: 800 });
    video = await makeMp4(3, '640x360');
    const user = sandbox.users[0];
    if (!user || !sandbox.caPem) throw new Error('sandbox not in TLS mode');
    agent = redirectAgent(sandbox.port, sandbox.caPem);
    client = new TwitterApi(
      {
        appKey: sandbox.consumerKey,
        appSecret: sandbox.consumerSecret,
        accessToken: user.token,
        accessSecret: user.tokenSecret,
      },
      { httpAgent: agent },
    );
  });
  afterAll(async () => {
    agent.destroy();
    await sandbox.close();
    await video.dispose();
  });

  it('v1.uploadMedia uploads the file in concurrent chunks and reaches succeeded with the same SHA-256', async () => {
    const mediaId = await client.v1.uploadMedia(video.path, { mimeType: 'video/mp4', chunkLength: 64 * 1024 });
    const report = sandbox.inspect(mediaId);
    expect(report?.state).toBe('succeeded');
    expect(await sandbox.digest(mediaId)).toBe(sha256());
    expect(report?.segments.length).toBe(Math.ceil(video.bytes.length / (64 * 1024)));
    expect(report?.violations).toEqual([]);
  });

  it('v2.uploadMedia uploads through initialize/append/finalize and reaches succeeded with the same SHA-256', async () => {
    const mediaId = await client.v2.uploadMedia(
      video.bytes,
      { media_type: 'video/mp4', media_category: 'tweet_video' },
      64 * 1024,
    );
    expect(BigInt(mediaId) > 2n ** 53n).toBe(true);
    const report = sandbox.inspect(mediaId);
    expect(report?.state).toBe('succeeded');
    expect(await sandbox.digest(mediaId)).toBe(sha256());
    expect(report?.violations).toEqual([]);
  });

  it('v2 me and v1 verifyCredentials see the demo user', async () => {
    const me = await client.v2.me();
    expect(me.data.username).toBe(sandbox.users[0]?.screenName);
    const verified = await client.v1.verifyCredentials();
    expect(verified.id_str).toBe(sandbox.users[0]?.userId);
  });

  it('v2.tweet posts with media and replies; v2.singleTweet and v2.userTimeline read them back; a repeat is 403', async () => {
    const image = await client.v2.uploadMedia(makePng(), { media_type: 'image/png', media_category: 'tweet_image' });
    const created = await client.v2.tweet({ text: 'Posted by twitter-api-v2', media: { media_ids: [image] } });
    expect(BigInt(created.data.id) > 2n ** 53n).toBe(true);
    const reply = await client.v2.reply('the reply', created.data.id);
    const stored = sandbox.posts(sandbox.users[0]?.userId);
    expect(stored[0]).toMatchObject({ id: reply.data.id, inReplyTo: created.data.id });
    expect(stored[1]).toMatchObject({ id: created.data.id, mediaIds: [image] });
    const read = await client.v2.singleTweet(created.data.id, { 'tweet.fields': ['created_at', 'attachments'] });
    expect(read.data.attachments?.media_keys).toEqual([`3_${image}`]);
    const timeline = await client.v2.userTimeline(sandbox.users[0]?.userId ?? '', { max_results: 5 });
    expect(timeline.tweets.map((tweet) => tweet.id).slice(0, 2)).toEqual([reply.data.id, created.data.id]);
    await expect(client.v2.tweet({ text: 'Posted by twitter-api-v2' })).rejects.toMatchObject({
      code: 403,
      data: { detail: 'You are not allowed to create a Tweet with duplicate content.' },
    });
  });

  it("a client with a wrong token secret gets X's code 32 through the library's error parsing", async () => {
    const user = sandbox.users[0];
    const wrong = new TwitterApi(
      {
        appKey: sandbox.consumerKey,
        appSecret: sandbox.consumerSecret,
        accessToken: user?.token ?? '',
        accessSecret: 'wrong',
      },
      { httpAgent: agent },
    );
    await expect(wrong.v2.me()).rejects.toMatchObject({
      code: 401,
      errors: [{ code: 32, message: 'Could not authenticate you.' }],
    });
  });
});
