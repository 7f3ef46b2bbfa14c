// The §3 video rules over inspected video facts. Pure: findings only, no I/O.
import type { VideoRules } from './rules.ts';
import type { Finding, MediaCategory, Tier, VideoFacts } from '../../common/media-types.ts';
import { formatDuration, formatNumber } from '../../common/format.ts';

// 29.97 and 59.94 fps are what "30" and "60" mean on NTSC-derived cameras.
const FPS_TOLERANCE = 0.1;

export function checkVideo(video: VideoFacts, rules: VideoRules, category: MediaCategory, tier: Tier): Finding[] {
  const findings: Finding[] = [];
  const add = (
    severity: Finding['severity'],
    code: string,
    message: string,
    limit: string | number,
    actual: string | number,
  ) => findings.push({ field: 'media_category', severity, code, message, limit, actual });

  const duration = rules.durationSec.value[tier];
  if (video.durationSec > duration.max) {
    add(
      'error',
      'video.duration.too_long',
      `Video is ${formatDuration(round(video.durationSec))} long; ${category} allows at most ${formatDuration(duration.max)}${tierNote(tier, rules.durationSec.value.premium.max, duration.max, formatDuration)}`,
      formatDuration(duration.max),
      formatDuration(round(video.durationSec)),
    );
  } else if (video.durationSec < duration.min) {
    add(
      'error',
      'video.duration.too_short',
      `Video is ${formatDuration(round(video.durationSec))} long; ${category} needs at least ${formatDuration(duration.min)}`,
      formatDuration(duration.min),
      formatDuration(round(video.durationSec)),
    );
  }

  const codec = video.videoCodec;
  if (codec === null) {
    add('error', 'video.codec.missing', 'The file has no video track', 'H.264', 'none');
  } else if (!rules.codecs.value.some((prefix) => codec.startsWith(prefix))) {
    add(
      'error',
      'video.codec.not_h264',
      `Video codec is ${codecName(codec)}; X accepts H.264 only (re-encode with H.264)`,
      'H.264',
      codecName(codec),
    );
  } else if (video.videoProfile !== null && video.videoProfile !== rules.recommendedProfile.value) {
    add(
      'warning',
      'video.profile.not_high',
      `H.264 profile is ${video.videoProfile}; X recommends ${rules.recommendedProfile.value}`,
      rules.recommendedProfile.value,
      video.videoProfile,
    );
  }

  if (video.fps !== null) {
    const fps = formatNumber(video.fps);
    if (video.fps > rules.maxFps.value + FPS_TOLERANCE) {
      add(
        'error',
        'video.fps.too_high',
        `Frame rate is ${fps} fps; X allows at most ${rules.maxFps.value} fps`,
        `${rules.maxFps.value} fps`,
        `${fps} fps`,
      );
    } else if (!rules.recommendedFps.value.some((target) => Math.abs(video.fps! - target) <= FPS_TOLERANCE)) {
      add(
        'warning',
        'video.fps.not_recommended',
        `Frame rate is ${fps} fps; X recommends ${rules.recommendedFps.value.join(' or ')} fps`,
        rules.recommendedFps.value.join(' or ') + ' fps',
        `${fps} fps`,
      );
    }
  }

  const size = `${video.width}×${video.height}`;
  const { width: minWidth, height: minHeight } = rules.minDimensions.value;
  const { width: maxWidth, height: maxHeight } = rules.maxDimensions.value;
  const range = `${minWidth}×${minHeight} to ${maxWidth}×${maxHeight}`;
  if (video.width < minWidth || video.height < minHeight) {
    add(
      'error',
      'video.dimensions.too_small',
      `Video is ${size}; X needs at least ${minWidth}×${minHeight}`,
      range,
      size,
    );
  } else if (Math.max(video.width, video.height) > maxWidth || Math.min(video.width, video.height) > maxHeight) {
    // Xfer's ruling: the 1280×1024 box applies in either orientation. Phones record portrait
    // 720×1280, which X accepts; reading the box literally would refuse every portrait clip.
    const severity = rules.overMaxDimensions.value[tier];
    const why =
      severity === 'warning' ? ' (premium accounts can usually post larger video, so this is only a warning)' : '';
    add(
      severity,
      'video.dimensions.too_large',
      `Video is ${size}; X allows at most ${maxWidth}×${maxHeight} (or ${maxHeight}×${maxWidth} portrait)${why}`,
      range,
      size,
    );
  }

  if (video.height > 0) {
    const aspect = video.width / video.height;
    if (aspect < rules.aspectRatio.value.min - 1e-9 || aspect > rules.aspectRatio.value.max + 1e-9) {
      add(
        'error',
        'video.aspect_ratio',
        `Aspect ratio is ${formatNumber(aspect)}:1 (${size}); X allows between 1:3 and 3:1`,
        '1:3 to 3:1',
        `${formatNumber(aspect)}:1`,
      );
    }
  }

  if (video.pixelAspectRatio !== null && Math.abs(video.pixelAspectRatio - 1) > 1e-3) {
    add(
      'error',
      'video.pixels.not_square',
      `Pixels are not square (pixel aspect ratio ${formatNumber(video.pixelAspectRatio)}); X needs square pixels`,
      '1',
      formatNumber(video.pixelAspectRatio),
    );
  }

  if (video.pixelFormat !== null && !video.pixelFormat.startsWith('yuv420p')) {
    add(
      'error',
      'video.pixel_format',
      `Pixel format is ${video.pixelFormat}; X needs YUV 4:2:0 (yuv420p)`,
      'yuv420p',
      video.pixelFormat,
    );
  }

  if (rules.progressiveScan.value && video.interlaced === true) {
    add('error', 'video.interlaced', 'Video is interlaced; X needs progressive scan', 'progressive', 'interlaced');
  }

  if (rules.closedGop.value && video.openGop === true) {
    add(
      'error',
      'video.open_gop',
      'Video uses open GOPs (a keyframe is not an IDR frame); X needs closed GOPs, every keyframe an IDR frame',
      'closed GOP',
      'open GOP',
    );
  }

  if (video.audioCodec !== null) {
    const expected = rules.audioCodec.value;
    if (!video.audioCodec.startsWith(expected.codec)) {
      add(
        'error',
        'audio.codec',
        `Audio codec is ${video.audioCodec}; X accepts ${expected.profile} audio only`,
        expected.profile,
        video.audioCodec,
      );
    } else if (video.audioProfile !== expected.profile) {
      add(
        'error',
        'audio.profile',
        `Audio is ${video.audioProfile ?? video.audioCodec}; X accepts ${expected.profile} (not HE-AAC)`,
        expected.profile,
        video.audioProfile ?? video.audioCodec,
      );
    }
    if (video.audioChannels !== null && video.audioChannels > rules.maxAudioChannels.value) {
      add(
        'error',
        'audio.channels',
        `Audio has ${video.audioChannels} channels; X accepts mono or stereo`,
        rules.maxAudioChannels.value,
        video.audioChannels,
      );
    }
  }
  return findings;
}

function codecName(codec: string): string {
  if (codec.startsWith('hvc1') || codec.startsWith('hev1')) return `HEVC (${codec})`;
  if (codec.startsWith('mp4v')) return `MPEG-4 Part 2 (${codec})`;
  if (codec.startsWith('av01')) return `AV1 (${codec})`;
  if (codec.startsWith('vp09')) return `VP9 (${codec})`;
  return codec;
}

function tierNote(tier: Tier, premium: number, current: number, format: (value: number) => string): string {
  return tier === 'standard' && premium > current ? ` (premium accounts: ${format(premium)})` : '';
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}
