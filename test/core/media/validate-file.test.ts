// Every §3 rule with a file that passes it and one that fails it, through inspection and validation.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GB, MB } from '../../../main/core/media/rules.ts';
import type { Finding, ValidationResult } from '../../../main/common/media-types.ts';
import { validateFile } from '../../../main/core/media/validate-file.ts';
import * as media from '../../fixtures/media.ts';
import type { VideoSpec } from '../../fixtures/media.ts';
import { useTempDir } from './temp-dir.ts';

const dir = useTempDir('validate');
const base: VideoSpec = { seconds: 1, width: 160, height: 120, fps: 30, codec: 'h264' };
const videos = {
  good: base,
  hevc: { ...base, codec: 'hevc' },
  mpeg4: { ...base, codec: 'mpeg4' },
  mainProfile: { ...base, profile: 'main' },
  fps61: { ...base, fps: 61 },
  fps25: { ...base, fps: 25 },
  large: { ...base, width: 1296, height: 1024, audio: 'none' },
  portrait: { ...base, width: 720, height: 1280, audio: 'none' },
  tallPortrait: { ...base, width: 1040, height: 1280, audio: 'none' },
  tiny: { ...base, width: 16, height: 16 },
  wide: { ...base, width: 200, height: 64 },
  widest: { ...base, width: 192, height: 64 },
  short: { ...base, seconds: 0.3, audio: 'none' },
  long: { ...base, seconds: 141, width: 32, height: 32, audio: 'none' },
  stretched: { ...base, sar: '2:1' },
  chroma444: { ...base, pixFmt: 'yuv444p' },
  heAac: { ...base, audio: 'he-aac' },
  surround: { ...base, audioChannels: 6 },
  interlaced: { ...base, interlaced: true },
  openGop: { ...base, keyframeInterval: 10, openGop: true },
  closedGop: { ...base, keyframeInterval: 10 },
} satisfies Record<string, VideoSpec>;
const paths: Record<string, string> = {};

beforeAll(async () => {
  const made = await Promise.all(
    Object.entries(videos).map(async ([name, spec]) => [name, await media.makeVideo(dir.path, spec)] as const),
  );
  for (const [name, path] of made) paths[name] = path;
  paths.png = await media.makePng(dir.path, { width: 40, height: 30 });
  paths.oversizePng = await media.makeOversizeImage(dir.path);
  paths.animatedGif = await media.makeGif(dir.path, { frames: 3, width: 40, height: 30 });
  paths.stillGif = await media.makeGif(dir.path, { frames: 1, width: 40, height: 30 });
  paths.wideGif = await media.makeGif(dir.path, { frames: 2, width: 1290, height: 20 });
  paths.longGif = await media.makeGif(dir.path, { frames: 351, width: 16, height: 16 });
  paths.fullGif = await media.makeGif(dir.path, { frames: 350, width: 16, height: 16 });
  paths.over8GB = await media.makePaddedVideo(dir.path, 8 * GB + 1);
  paths.srt = await media.makeSrt(dir.path);
  paths.badSrt = await media.makeSrt(dir.path, { malformed: true });
  paths.vtt = await media.makeVtt(dir.path);
  paths.badVtt = await media.makeVtt(dir.path, { malformed: true });
  paths.mislabelled = await media.makeMislabelled(dir.path);
  paths.textMp4 = join(dir.path, 'notes.mp4');
  await writeFile(paths.textMp4, 'These are my notes, not a video.\n');
});

const codes = (result: ValidationResult) => result.findings.map((finding) => finding.code);
const finding = (result: ValidationResult, code: string): Finding | undefined =>
  result.findings.find((each) => each.code === code);
const check = (
  name: string,
  category: Parameters<typeof validateFile>[1]['category'],
  tier: 'standard' | 'premium' = 'standard',
  altText?: string,
) => validateFile(paths[name]!, { category, tier, altText });

describe('a file that fits its category', () => {
  it('passes with no findings and shows each limit beside its value', async () => {
    const result = await check('good', 'tweet_video');
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.fields.total_bytes).toMatchObject({ status: 'ok', limit: 'at most 8 GB' });
    expect(result.fields.media_type).toEqual({ value: 'video/mp4', status: 'ok', limit: 'video/mp4, video/quicktime' });
    expect(result.fields.media_category).toMatchObject({ value: 'tweet_video', status: 'ok' });
    expect(result.suggestedCategory).toBeNull();
  });
});

describe('total_bytes', () => {
  it('accepts a small PNG and refuses one above 5 MB', async () => {
    expect((await check('png', 'tweet_image')).ok).toBe(true);
    const result = await check('oversizePng', 'tweet_image');
    expect(result.ok).toBe(false);
    expect(result.fields.total_bytes.status).toBe('error');
    expect(finding(result, 'total_bytes.too_large')).toMatchObject({ field: 'total_bytes', limit: 5 * MB });
    expect(finding(result, 'total_bytes.too_large')?.message).toMatch(
      /^File is 6\.\d+ MB; tweet_image allows at most 5 MB$/,
    );
  });

  it('refuses a video above 8 GB for a standard account and takes it for premium', async () => {
    const standard = await check('over8GB', 'tweet_video', 'standard');
    expect(finding(standard, 'total_bytes.too_large')?.message).toBe(
      'File is 8 GB; tweet_video allows at most 8 GB (premium accounts: 16 GB)',
    );
    expect((await check('over8GB', 'tweet_video', 'premium')).ok).toBe(true);
  });

  it('applies dm_video’s 1 GB premium limit', async () => {
    expect(codes(await check('over8GB', 'dm_video', 'premium'))).toContain('total_bytes.too_large');
    expect(codes(await check('good', 'dm_video', 'premium'))).not.toContain('total_bytes.too_large');
  });
});

describe('media_type', () => {
  it('is what the bytes are; an extension that disagrees is a warning', async () => {
    const result = await check('mislabelled', 'tweet_image');
    expect(result.ok).toBe(true);
    expect(result.fields.media_type).toMatchObject({ value: 'image/png', status: 'warning' });
    expect(finding(result, 'media_type.extension_mismatch')).toMatchObject({
      severity: 'warning',
      actual: 'video/mp4',
    });
  });

  it('refuses text named .mp4', async () => {
    const result = await check('textMp4', 'tweet_video');
    expect(result.ok).toBe(false);
    expect(result.fields.media_type).toMatchObject({ value: null, status: 'error' });
    expect(finding(result, 'media_type.unrecognized')?.message).toContain('its name suggests video/mp4');
  });

  it('refuses a type the category does not take and suggests one that does', async () => {
    const video = await check('good', 'tweet_image');
    expect(codes(video)).toContain('media_category.type_not_accepted');
    expect(video.suggestedCategory).toBe('tweet_video');
    expect((await check('good', 'dm_image')).suggestedCategory).toBe('dm_video');
    const image = await check('png', 'tweet_video');
    expect(image.fields.media_category.status).toBe('error');
    expect(image.suggestedCategory).toBe('tweet_image');
  });

  it('picks the Post category that fits when none is given', async () => {
    expect((await validateFile(paths.animatedGif!, { tier: 'standard' })).category).toBe('tweet_gif');
    expect((await validateFile(paths.stillGif!, { tier: 'standard' })).category).toBe('tweet_image');
    expect((await validateFile(paths.good!, { tier: 'standard' })).category).toBe('tweet_video');
    expect((await validateFile(paths.srt!, { tier: 'standard' })).category).toBe('subtitles');
  });
});

describe('GIF', () => {
  it('refuses an animated GIF as an image and suggests the GIF category', async () => {
    const result = await check('animatedGif', 'tweet_image');
    expect(result.ok).toBe(false);
    expect(finding(result, 'gif.animated_in_image_category')?.message).toContain('use tweet_gif');
    expect(result.suggestedCategory).toBe('tweet_gif');
    expect((await check('animatedGif', 'dm_image')).suggestedCategory).toBe('dm_gif');
    expect((await check('animatedGif', 'tweet_gif')).ok).toBe(true);
  });

  it('takes a still GIF as an image', async () => {
    expect((await check('stillGif', 'tweet_image')).findings).toEqual([]);
  });

  it('warns above 1280×1080', async () => {
    const result = await check('wideGif', 'tweet_gif');
    expect(result.ok).toBe(true);
    expect(finding(result, 'gif.dimensions.too_large')).toMatchObject({ severity: 'warning', actual: '1290×20' });
    expect(codes(await check('animatedGif', 'tweet_gif'))).not.toContain('gif.dimensions.too_large');
  });

  it('warns above 350 frames', async () => {
    expect(finding(await check('longGif', 'tweet_gif'), 'gif.frames.too_many')).toMatchObject({
      severity: 'warning',
      actual: 351,
      limit: 350,
    });
    expect(codes(await check('fullGif', 'tweet_gif'))).not.toContain('gif.frames.too_many');
  });
});

describe('video rules', () => {
  it('refuses codecs other than H.264', async () => {
    expect(finding(await check('hevc', 'tweet_video'), 'video.codec.not_h264')?.message).toMatch(
      /^Video codec is HEVC/,
    );
    expect(finding(await check('mpeg4', 'tweet_video'), 'video.codec.not_h264')?.severity).toBe('error');
  });

  it('warns when the H.264 profile is not High', async () => {
    const result = await check('mainProfile', 'tweet_video');
    expect(result.ok).toBe(true);
    expect(finding(result, 'video.profile.not_high')).toMatchObject({ severity: 'warning', actual: 'Main' });
    expect(result.fields.media_category.status).toBe('warning');
  });

  it('refuses more than 60 fps and warns at a rate other than 30 or 60', async () => {
    expect(finding(await check('fps61', 'tweet_video'), 'video.fps.too_high')?.message).toBe(
      'Frame rate is 61 fps; X allows at most 60 fps',
    );
    const at25 = await check('fps25', 'tweet_video');
    expect(at25.ok).toBe(true);
    expect(finding(at25, 'video.fps.not_recommended')?.severity).toBe('warning');
  });

  it('refuses above 1280×1024 for standard accounts, only warns for premium', async () => {
    expect(finding(await check('large', 'tweet_video', 'standard'), 'video.dimensions.too_large')?.severity).toBe(
      'error',
    );
    const premium = await check('large', 'tweet_video', 'premium');
    expect(premium.ok).toBe(true);
    expect(finding(premium, 'video.dimensions.too_large')?.severity).toBe('warning');
  });

  it('applies the 1280×1024 box in either orientation, so phone portrait video passes', async () => {
    expect(codes(await check('portrait', 'tweet_video', 'standard'))).not.toContain('video.dimensions.too_large');
    expect(
      finding(await check('tallPortrait', 'tweet_video', 'standard'), 'video.dimensions.too_large')?.severity,
    ).toBe('error');
  });

  it('refuses below 32×32', async () => {
    expect(finding(await check('tiny', 'tweet_video'), 'video.dimensions.too_small')?.actual).toBe('16×16');
  });

  it('refuses an aspect ratio outside 1:3–3:1 and takes exactly 3:1', async () => {
    expect(codes(await check('wide', 'tweet_video'))).toContain('video.aspect_ratio');
    expect(codes(await check('widest', 'tweet_video'))).not.toContain('video.aspect_ratio');
  });

  it('refuses shorter than 0.5 s', async () => {
    expect(codes(await check('short', 'tweet_video'))).toContain('video.duration.too_short');
  });

  it('refuses longer than dm_video’s 140 s for standard accounts, takes it for premium', async () => {
    const standard = await check('long', 'dm_video', 'standard');
    expect(finding(standard, 'video.duration.too_long')?.message).toBe(
      'Video is 2 min 21 s long; dm_video allows at most 2 min 20 s (premium accounts: 10 min)',
    );
    expect(codes(await check('long', 'dm_video', 'premium'))).not.toContain('video.duration.too_long');
    expect(codes(await check('long', 'tweet_video', 'standard'))).not.toContain('video.duration.too_long');
  });

  it('refuses non-square pixels', async () => {
    expect(finding(await check('stretched', 'tweet_video'), 'video.pixels.not_square')?.actual).toBe('2');
  });

  it('refuses a pixel format other than 4:2:0', async () => {
    expect(finding(await check('chroma444', 'tweet_video'), 'video.pixel_format')?.actual).toBe('yuv444p');
  });

  it('refuses HE-AAC audio and more than two channels', async () => {
    expect(finding(await check('heAac', 'tweet_video'), 'audio.profile')?.actual).toBe('HE-AAC');
    expect(finding(await check('surround', 'tweet_video'), 'audio.channels')?.actual).toBe(6);
  });
});

describe('scan type and GOP structure', () => {
  it('refuses interlaced video', async () => {
    const result = await check('interlaced', 'tweet_video');
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([
      {
        field: 'media_category',
        severity: 'error',
        code: 'video.interlaced',
        message: 'Video is interlaced; X needs progressive scan',
        limit: 'progressive',
        actual: 'interlaced',
      },
    ]);
  });

  it('refuses open GOP and takes closed GOPs with the same keyframe interval', async () => {
    const open = await check('openGop', 'tweet_video');
    expect(open.ok).toBe(false);
    expect(codes(open)).toEqual(['video.open_gop']);
    expect(finding(open, 'video.open_gop')?.message).toBe(
      'Video uses open GOPs (a keyframe is not an IDR frame); X needs closed GOPs, every keyframe an IDR frame',
    );
    const closed = await check('closedGop', 'tweet_video');
    expect(closed.findings).toEqual([]);
  });
});

describe('alt text', () => {
  it('takes up to 1000 characters on an image, counting an emoji as one', async () => {
    expect((await check('png', 'tweet_image', 'standard', '🙂'.repeat(1000))).ok).toBe(true);
    const result = await check('png', 'tweet_image', 'standard', 'a'.repeat(1001));
    expect(finding(result, 'alt_text.too_long')).toMatchObject({ field: 'alt_text', limit: 1000, actual: 1001 });
  });

  it('refuses alt text on a video', async () => {
    expect(finding(await check('good', 'tweet_video', 'standard', 'A sunset'), 'alt_text.not_allowed')?.field).toBe(
      'alt_text',
    );
  });
});

describe('subtitles', () => {
  it('takes well-formed SRT and WebVTT', async () => {
    expect((await check('srt', 'subtitles')).findings).toEqual([]);
    expect((await check('vtt', 'subtitles')).findings).toEqual([]);
  });

  it('refuses SRT and WebVTT that do not parse, saying where', async () => {
    expect(finding(await check('badSrt', 'subtitles'), 'subtitles.malformed')?.message).toMatch(
      /^Not valid SRT: cue 2 \(line 6\)/,
    );
    expect(finding(await check('badVtt', 'subtitles'), 'subtitles.malformed')?.message).toMatch(
      /^Not valid WebVTT: cue 2 \(line 6\)/,
    );
  });
});
