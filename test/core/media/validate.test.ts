// validate() over facts alone: the renderer's path, and rules whose files would be costly to make.
import { describe, expect, it } from 'vitest';
import { validate } from '../../../main/core/media/validate.ts';
import type { VideoFacts } from '../../../main/common/media-types.ts';
import { gifInspection, PHONE_VIDEO, videoInspection } from '../../fakes/inspections.ts';

const gif = (width: number, height: number, frames: number) => gifInspection({ width, height, frames });
// A silent clip recorded before scan type and GOP structure were read: absent facts must not be findings.
const { interlaced: _interlaced, openGop: _openGop, ...OLDER_FACTS } = PHONE_VIDEO;
const SILENT_OLDER: VideoFacts = { ...OLDER_FACTS, audioCodec: null, audioProfile: null, audioChannels: null };
const video = (facts: Partial<VideoFacts>) => videoInspection(facts, 1000, SILENT_OLDER);

describe('validate', () => {
  it('finds nothing when the scan type or GOP structure is unknown or absent (facts from before they existed)', () => {
    for (const facts of [{}, { interlaced: null, openGop: null }, { interlaced: false, openGop: false }]) {
      expect(validate(video(facts), { category: 'tweet_video', tier: 'standard' }).findings).toEqual([]);
    }
    const codes = validate(video({ interlaced: true, openGop: true }), {
      category: 'tweet_video',
      tier: 'standard',
    }).findings.map((finding) => finding.code);
    expect(codes).toEqual(['video.interlaced', 'video.open_gop']);
  });

  it('warns when width × height × frames exceeds 300,000,000', () => {
    const over = validate(gif(1000, 1000, 301), { category: 'tweet_gif', tier: 'standard' });
    expect(over.ok).toBe(true);
    expect(over.findings.find((finding) => finding.code === 'gif.pixel_frames.too_many')).toMatchObject({
      severity: 'warning',
      actual: 301_000_000,
    });
    const at = validate(gif(1000, 1000, 300), { category: 'tweet_gif', tier: 'standard' });
    expect(at.findings.map((finding) => finding.code)).not.toContain('gif.pixel_frames.too_many');
  });

  it('turns an inspection error into a file finding', () => {
    const result = validate(null, {
      category: 'tweet_video',
      tier: 'premium',
      inspectionError: 'clip.mp4 does not exist',
      inspectionErrorCode: 'file.missing',
      file: '/media/clip.mp4',
    });
    expect(result).toMatchObject({ ok: false, file: '/media/clip.mp4', inspection: null, suggestedCategory: null });
    expect(result.findings).toEqual([
      { field: 'file', severity: 'error', code: 'file.missing', message: 'clip.mp4 does not exist' },
    ]);
    expect(result.fields.total_bytes).toMatchObject({ value: null, status: 'error', limit: 'at most 16 GB' });
  });

  it('gives its result as plain data that survives JSON (it crosses IPC)', () => {
    const result = validate(gif(40, 30, 3), { category: 'tweet_image', tier: 'standard', altText: 'x'.repeat(1001) });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(result.findings.map((finding) => finding.code).sort()).toEqual([
      'alt_text.too_long',
      'gif.animated_in_image_category',
    ]);
  });
});
