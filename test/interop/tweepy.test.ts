// Interop: Debian's python3-tweepy (a client nobody here wrote) uploads a real MP4 to the sandbox
// over TLS with v1.1 chunked upload, and the sandbox assembles exactly the file's bytes.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../main/core/sandbox/index.ts';
import { makeMp4, type MadeFile } from '../core/sandbox/media-bytes.ts';
import { runTweepy } from './tweepy-run.ts';

describe('interop: tweepy media_upload (v1.1, chunked)', () => {
  let sandbox: Sandbox;
  let video: MadeFile;
  beforeAll(async () => {
    sandbox = await startSandbox({ tls: true, processingMs: 800 });
    video = await makeMp4(3, '640x360');
  });
  afterAll(async () => {
    await sandbox.close();
    await video.dispose();
  });

  async function upload(category: string): Promise<{ media_id_string: string; media_id: string; state: string }> {
    const stdout = await runTweepy(sandbox, 'tweepy_upload.py', [
      `127.0.0.1:${sandbox.port}`,
      video.path,
      category,
      String(64 * 1024),
    ]);
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
  }

  it('uploads a generated MP4 as tweet_video, waits for succeeded, and the SHA-256 matches', async () => {
    const result = await upload('tweet_video');
    expect(result.state).toBe('succeeded');
    // tweepy reads media_id as a Python int: exact digits in the JSON keep it equal to the string.
    expect(result.media_id).toBe(result.media_id_string);
    const report = sandbox.inspect(result.media_id_string);
    expect(await sandbox.digest(result.media_id_string)).toBe(createHash('sha256').update(video.bytes).digest('hex'));
    expect(report?.state).toBe('succeeded');
    expect(report?.segments.length).toBe(Math.ceil(video.bytes.length / (64 * 1024)));
    expect(report?.violations).toEqual([]);
  });

  it('uploads with the CamelCase category older clients send', async () => {
    const result = await upload('TweetVideo');
    expect(result.state).toBe('succeeded');
    expect(sandbox.inspect(result.media_id_string)?.category).toBe('tweet_video');
  });
});
