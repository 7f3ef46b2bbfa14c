import { describe, expect, it } from 'vitest';
import { bytesMatchType, normalizeCategory } from '../../../main/core/sandbox/index.ts';
import { processingInfoAt, type ProcessingRun } from '../../../main/core/sandbox/processing.ts';
import { parseInitializeBody } from '../../../main/core/sandbox/routes-v2.ts';
import { makePng } from './media-bytes.ts';

describe('media_category spellings', () => {
  it.each([
    ['tweet_video', 'tweet_video'],
    ['TweetVideo', 'tweet_video'],
    ['TweetGif', 'tweet_gif'],
    ['TweetImage', 'tweet_image'],
    ['DmVideo', 'dm_video'],
    ['DmGif', 'dm_gif'],
    ['DmImage', 'dm_image'],
    ['AmplifyVideo', 'amplify_video'],
    ['subtitles', 'subtitles'],
  ])('%s is %s', (raw, expected) => {
    expect(normalizeCategory(raw)).toBe(expected);
  });

  it('refuses names X does not know', () => {
    expect(normalizeCategory('tweet_movie')).toBeNull();
    expect(normalizeCategory('')).toBeNull();
  });
});

describe('magic bytes', () => {
  const bytes = (text: string) => Buffer.from(text, 'latin1');
  it('recognises MP4 by ftyp at offset 4, GIF, PNG, JPEG, WEBP', () => {
    expect(bytesMatchType(bytes('\0\0\0\x20ftypisom'), 'video/mp4')).toBe(true);
    expect(bytesMatchType(bytes('GIF89a....'), 'image/gif')).toBe(true);
    expect(bytesMatchType(bytes('GIF87a....'), 'image/gif')).toBe(true);
    expect(bytesMatchType(makePng(), 'image/png')).toBe(true);
    expect(bytesMatchType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg')).toBe(true);
    expect(bytesMatchType(bytes('RIFF\x10\0\0\0WEBPVP8 '), 'image/webp')).toBe(true);
    expect(bytesMatchType(bytes('WEBVTT\n\n'), 'text/vtt')).toBe(true);
  });

  it('refuses bytes of another type', () => {
    expect(bytesMatchType(makePng(), 'video/mp4')).toBe(false);
    expect(bytesMatchType(bytes('GIF89a....'), 'image/png')).toBe(false);
    expect(bytesMatchType(bytes('\0\0\0\x20ftypisom'), 'image/jpeg')).toBe(false);
  });
});

describe('processing over time', () => {
  const run: ProcessingRun = { startedAt: 1000, durationMs: 4000, outcome: 'succeeded', mediaType: 'video/mp4' };
  it('reports progress and never asks to check again after 0 seconds', () => {
    expect(processingInfoAt(run, 1000)).toEqual({ state: 'in_progress', check_after_secs: 4, progress_percent: 0 });
    expect(processingInfoAt(run, 4900)).toEqual({ state: 'in_progress', check_after_secs: 1, progress_percent: 97 });
    expect(processingInfoAt(run, 5000)).toEqual({ state: 'succeeded', progress_percent: 100 });
  });

  it('reveals a failure only when the run ends', () => {
    const failing: ProcessingRun = { ...run, outcome: 'failed' };
    expect(processingInfoAt(failing, 2000).state).toBe('in_progress');
    expect(processingInfoAt(failing, 5000).error).toEqual({
      code: 1,
      name: 'InvalidMedia',
      message: 'Unsupported video format',
    });
  });
});

describe('v2 initialize body', () => {
  const parse = (json: unknown) => parseInitializeBody({ contentType: 'application/json', json });
  it('takes the schema fields', () => {
    const result = parse({
      media_type: 'video/mp4',
      total_bytes: 10,
      media_category: 'tweet_video',
      additional_owners: ['1'],
      shared: false,
    });
    expect(result).toEqual({
      ok: true,
      params: { mediaType: 'video/mp4', totalBytes: 10, category: 'tweet_video', additionalOwners: ['1'] },
    });
  });

  it('refuses unknown fields, ids that are not ^[0-9]{1,19}$ strings, and string sizes', () => {
    expect(parse({ media_type: 'video/mp4', total_bytes: 10, extra: 1 }).ok).toBe(false);
    expect(parse({ media_type: 'video/mp4', total_bytes: 10, additional_owners: ['12345678901234567890'] }).ok).toBe(
      false,
    );
    expect(parse({ media_type: 'video/mp4', total_bytes: 10, additional_owners: ['abc'] }).ok).toBe(false);
    expect(parse({ media_type: 'video/mp4', total_bytes: '10' }).ok).toBe(false);
    expect(parse({ media_type: 'video/avi', total_bytes: 10 }).ok).toBe(false);
  });
});
