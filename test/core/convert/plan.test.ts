// planConversion over validation results alone: no ffmpeg, one behaviour per test.
import { describe, expect, it } from 'vitest';
import { planConversion } from '../../../main/core/convert/plan.ts';
import { videoArgs, imageAttempts } from '../../../main/core/convert/ffmpeg-args.ts';
import type { ConversionPlan, PlanOutcome, VideoSteps } from '../../../main/common/conversion.ts';
import { validate } from '../../../main/core/media/validate.ts';
import { MB } from '../../../main/core/media/rules.ts';
import type { Inspection, MediaCategory, Tier, VideoFacts } from '../../../main/common/media-types.ts';
import { gifInspection, videoInspection } from '../../fakes/inspections.ts';

const video = (facts: Partial<VideoFacts>, totalBytes = 1000) => videoInspection(facts, totalBytes);
const gif = (frames: number, totalBytes: number) => gifInspection({ width: 1920, height: 1080, frames }, totalBytes);

function image(mediaType: string, totalBytes: number): Inspection {
  return {
    path: '/media/a',
    name: 'a',
    totalBytes,
    mediaType,
    extensionType: null,
    kind: 'image',
    image: { format: mediaType.slice(6), width: 2000, height: 1500 },
    mtimeMs: 0,
  };
}

function planFor(inspection: Inspection | null, category: MediaCategory = 'tweet_video', tier: Tier = 'standard') {
  return planConversion(validate(inspection, { category, tier, inspectionError: 'x.mp4 is empty (0 bytes)' }));
}

function plan(outcome: PlanOutcome): ConversionPlan {
  if (outcome.kind !== 'plan') throw new Error(`expected a plan, got ${JSON.stringify(outcome)}`);
  return outcome.plan;
}

function videoSteps(outcome: PlanOutcome): VideoSteps {
  const steps = plan(outcome).steps;
  if (steps.kind !== 'video') throw new Error(`expected video steps, got ${steps.kind}`);
  return steps;
}

describe('planConversion: video', () => {
  it('says a file that passes fits, with nothing to do', () => {
    expect(planFor(video({}))).toEqual({ kind: 'fits' });
  });

  it('scales a 1080p clip into 1280×1024 with the aspect kept and even sides, H.264 High yuv420p', () => {
    const outcome = planFor(video({ width: 1920, height: 1080 }));
    const steps = videoSteps(outcome);
    expect(steps.video).toMatchObject({ scale: { width: 1280, height: 720 }, fps: null, deinterlace: false });
    expect(steps.audio).toBe('copy');
    expect(plan(outcome).changes.join('\n')).toMatch(/1920×1080 → 1280×720 \(aspect kept\)/);
    expect(plan(outcome).cures).toEqual(['video.dimensions.too_large']);
  });

  it('fits a portrait 4K clip into 1024×1280 portrait', () => {
    const steps = videoSteps(planFor(video({ width: 2160, height: 3840 })));
    expect(steps.video).toMatchObject({ scale: { width: 720, height: 1280 } });
  });

  it('rounds a scaled size down to even numbers', () => {
    const steps = videoSteps(planFor(video({ width: 1921, height: 1083 })));
    const scale = (steps.video as { scale: { width: number; height: number } }).scale;
    expect(scale.width % 2).toBe(0);
    expect(scale.height % 2).toBe(0);
    expect(scale.width).toBeLessThanOrEqual(1280);
  });

  it('keeps a premium account’s 1080p size (only a warning there): nothing to convert', () => {
    expect(planFor(video({ width: 1920, height: 1080 }), 'tweet_video', 'premium')).toEqual({ kind: 'fits' });
  });

  it('re-encodes HEVC 10-bit as H.264 High 8-bit and scales 4K', () => {
    const outcome = planFor(
      video({ width: 3840, height: 2160, videoCodec: 'hvc1.2.4.L153', videoProfile: null, pixelFormat: 'yuv420p10' }),
    );
    expect(videoSteps(outcome).video).toMatchObject({ scale: { width: 1280, height: 720 } });
    expect(plan(outcome).changes[0]).toBe('Video: HEVC, yuv420p10 → H.264 High, yuv420p 8-bit');
    expect(plan(outcome).cures.sort()).toEqual(['video.codec.not_h264', 'video.dimensions.too_large']);
  });

  it('halves 120 fps to 60 and 119.88 to 59.94; 240 becomes 60', () => {
    expect(videoSteps(planFor(video({ fps: 120 }))).video).toMatchObject({ fps: 60 });
    expect(videoSteps(planFor(video({ fps: 119.88 }))).video).toMatchObject({ fps: 59.94 });
    expect(videoSteps(planFor(video({ fps: 240 }))).video).toMatchObject({ fps: 60 });
  });

  it('re-encodes yuv444 as yuv420p without scaling', () => {
    const steps = videoSteps(planFor(video({ pixelFormat: 'yuv444p', videoProfile: 'High 4:4:4 Predictive' })));
    expect(steps.video).toMatchObject({ scale: null, fps: null });
  });

  it('deinterlaces an interlaced clip', () => {
    expect(videoSteps(planFor(video({ interlaced: true }))).video).toMatchObject({ deinterlace: true });
  });

  it('closes open GOPs by re-encoding (x264 writes closed GOPs)', () => {
    const outcome = planFor(video({ openGop: true }));
    expect(videoSteps(outcome).video).not.toBe('copy');
    expect(plan(outcome).changes).toContain('Closed GOPs: every keyframe an IDR frame');
  });

  it('makes square pixels from anamorphic video, widening to the shown size', () => {
    const outcome = planFor(video({ width: 640, height: 480, pixelAspectRatio: 2 }));
    expect(videoSteps(outcome).video).toMatchObject({ scale: { width: 1280, height: 480 } });
  });

  it('downmixes 5.1 to AAC-LC stereo and copies the video untouched', () => {
    const outcome = planFor(video({ audioChannels: 6 }));
    const steps = videoSteps(outcome);
    expect(steps.video).toBe('copy');
    expect(steps.audio).toEqual({ encode: 'aac_lc', channels: 2 });
    expect(plan(outcome).changes.join('\n')).toMatch(/AAC-LC, 6 channels → AAC-LC stereo/);
  });

  it('re-encodes HE-AAC as AAC-LC, keeping mono mono', () => {
    const steps = videoSteps(planFor(video({ audioProfile: 'HE-AAC', audioChannels: 1 })));
    expect(steps.audio).toEqual({ encode: 'aac_lc', channels: 1 });
  });

  it('offers a trim of an over-long DM video that the user must confirm', () => {
    const outcome = planFor(video({ durationSec: 162.4 }), 'dm_video');
    expect(videoSteps(outcome).trimSec).toBe(140);
    expect(plan(outcome).needsConfirmation).toMatch(/keeps the first 2 min 20 s and drops the last 22.4 s/);
  });

  it('encodes a trimmed clip, video and audio, so it ends at the cut (a copied stream ends past it)', () => {
    const steps = videoSteps(planFor(video({ durationSec: 162.4 }), 'dm_video'));
    expect(steps.video).not.toBe('copy');
    expect(steps.audio).toEqual({ encode: 'aac_lc', channels: 2 });
  });

  it('caps the bitrate of a video over the byte limit to fit it', () => {
    const outcome = planFor(video({ durationSec: 100 }, 600 * MB), 'dm_video');
    const encode = videoSteps(outcome).video;
    if (encode === 'copy') throw new Error('expected an encode');
    // 512 MB over 100 s, minus audio, with headroom: under the limit's average bitrate.
    expect(encode.maxBitrate).toBeLessThan((512 * MB * 8) / 100);
    expect(encode.maxBitrate).toBeGreaterThan((512 * MB * 8 * 0.8) / 100);
  });

  it('moves moov to the front in every video plan', () => {
    const args = videoArgs(plan(planFor(video({ audioChannels: 6 }))), 'in.mp4', 'out.mp4');
    expect(args.join(' ')).toMatch(/-movflags \+faststart/);
    expect(args.join(' ')).toMatch(/-c:v copy/);
  });

  it('writes ffmpeg arguments that scale, resample, deinterlace and encode H.264 High with closed GOPs', () => {
    const args = videoArgs(plan(planFor(video({ width: 1920, height: 1080, fps: 120, interlaced: true }))), 'i', 'o');
    const line = args.join(' ');
    expect(line).toContain('-vf bwdif=mode=send_frame,scale=1280:720:flags=lanczos,setsar=1,fps=60,format=yuv420p');
    expect(line).toContain('-c:v libx264');
    expect(line).toContain('-profile:v high -pix_fmt yuv420p');
    expect(line).toContain('open-gop=0');
    expect(line).toContain('-progress pipe:1');
  });
});

describe('planConversion: images and GIFs', () => {
  it('makes a 6 MB PNG a JPEG under 5 MB', () => {
    const outcome = planFor(image('image/png', 6 * MB), 'tweet_image');
    expect(plan(outcome).steps).toEqual({ kind: 'image', format: 'jpeg', maxBytes: 5 * MB, stillOnly: true });
    expect(plan(outcome).changes[0]).toMatch(/PNG of 6 MB → JPEG under 5 MB/);
  });

  it('makes an image format X does not take (BMP) a JPEG', () => {
    const outcome = planFor(image('image/bmp', 100_000), 'tweet_image');
    expect(plan(outcome).steps).toMatchObject({ kind: 'image', format: 'jpeg' });
    expect(plan(outcome).cures).toEqual(['media_category.type_not_accepted']);
  });

  it('makes a 20 MB animated GIF an MP4 for tweet_video, scaled into the video box', () => {
    const outcome = planFor(gif(400, 20 * MB), 'tweet_gif');
    expect(plan(outcome).category).toBe('tweet_video');
    expect(plan(outcome).steps).toEqual({ kind: 'gif_to_video', scale: { width: 1280, height: 720 }, maxFps: 60 });
    expect(plan(outcome).cures).toContain('total_bytes.too_large');
  });

  it('makes a DM GIF with too many frames (only a warning) a dm_video MP4', () => {
    const outcome = planFor(gif(400, 2 * MB), 'dm_gif');
    expect(plan(outcome).category).toBe('dm_video');
    expect(plan(outcome).cures).toContain('gif.frames.too_many');
  });

  it('gives a 12 MB PNG in a PNG-taking category a JPEG too, never touching alt text', () => {
    const outcome = planConversion(
      validate(image('image/png', 12 * MB), { category: 'tweet_image', tier: 'standard', altText: 'x'.repeat(1001) }),
    );
    expect(plan(outcome).remaining).toEqual(['Alt text is 1,001 characters; X allows at most 1,000']);
  });
});

describe('planConversion: what cannot be cured', () => {
  it('says a zero-length file cannot be converted, and why', () => {
    const outcome = planFor(null);
    expect(outcome).toEqual({
      kind: 'cannot',
      reasons: ['x.mp4 is empty (0 bytes)'],
      message: 'cannot be converted: x.mp4 is empty (0 bytes)',
    });
  });

  it('says a text file named .mp4 is not media', () => {
    const text: Inspection = { ...video({}), mediaType: null, kind: 'unknown', video: undefined };
    const outcome = planFor(text);
    expect(outcome.kind).toBe('cannot');
    if (outcome.kind === 'cannot')
      expect(outcome.message).toMatch(/^cannot be converted: its bytes are not an image or video/);
  });

  it('refuses to crop or pad a 5:1 panorama', () => {
    const outcome = planFor(video({ width: 1280, height: 256 }));
    expect(outcome.kind === 'cannot' && outcome.message).toMatch(/aspect ratio is 5:1.*does not crop or pad/);
  });

  it('refuses a clip shorter than 0.5 s and one without a video track, naming both', () => {
    const outcome = planFor(video({ durationSec: 0.2, videoCodec: null }));
    expect(outcome.kind === 'cannot' && outcome.reasons).toEqual([
      'it is 0.2 s long; X needs at least 0.5 s',
      'it has no video track',
    ]);
  });

  it('says an image in a video category needs another category, not a conversion', () => {
    const outcome = planFor(image('image/png', 1000), 'tweet_video');
    expect(outcome.kind === 'cannot' && outcome.message).toMatch(/choose tweet_image instead \(nothing to convert\)/);
  });
});

describe('imageAttempts', () => {
  it('tries JPEG qualities at full size before shrinking, and PNG by size only', () => {
    const jpeg = imageAttempts('jpeg');
    expect(jpeg[0]).toEqual({ format: 'jpeg', quality: 2, scale: 1 });
    expect(jpeg.findIndex((attempt) => attempt.scale < 1)).toBeGreaterThan(2);
    expect(imageAttempts('png').every((attempt) => attempt.format === 'png')).toBe(true);
  });
});

describe('videoArgs: GIF to MP4', () => {
  it('caps a GIF above 60 fps with the fps filter, and leaves a slower one alone', () => {
    const outcome = planConversion(
      validate(
        {
          path: '/m/a.gif',
          name: 'a.gif',
          totalBytes: 20 * MB,
          mediaType: 'image/gif',
          extensionType: 'image/gif',
          kind: 'gif',
          gif: { width: 320, height: 240, frames: 400, animated: true },
          mtimeMs: 0,
        },
        { category: 'tweet_gif', tier: 'standard' },
      ),
    );
    if (outcome.kind !== 'plan') throw new Error('expected a plan');
    expect(videoArgs(outcome.plan, 'i', 'o', { fps: 100 }).join(' ')).toContain(',fps=60,format=yuv420p');
    expect(videoArgs(outcome.plan, 'i', 'o', { fps: 10 }).join(' ')).not.toContain('fps=60');
  });
});
