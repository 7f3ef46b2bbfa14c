// Validation findings → the smallest re-encode that cures them, or a plain "cannot be converted: …".
// PURE (no node: imports): the renderer shows the plan before anything runs, and tests need no ffmpeg.
import { rulesFor, type VideoRules } from '../media/rules.ts';
import type { Finding, MediaCategory, ValidationResult, VideoFacts } from '../../common/media-types.ts';
import { checkVideo } from '../media/validate-video.ts';
import { formatBytes, formatDuration, formatNumber } from '../../common/format.ts';
import { fitInBox } from './geometry.ts';
import type { ConversionPlan, PlanOutcome, VideoEncode, VideoSteps } from '../../common/conversion.ts';

export interface PlanOptions {
  /** Facts read by ffprobe, for a video inspection could not read (WebM, MKV): checked against the rules too. */
  probed?: VideoFacts | undefined;
}

/** Codes fixed by editing the session rather than the file. */
const SESSION_CODES = new Set(['alt_text.too_long', 'alt_text.not_allowed', 'alt_text.control_character']);

/** Findings no re-encode can cure, and why, in the words shown after "cannot be converted: ". */
const UNCURABLE: Record<string, (finding: Finding) => string> = {
  'media_type.unrecognized': () => 'its bytes are not an image or video (is it really media?)',
  'video.codec.missing': () => 'it has no video track',
  'video.duration.too_short': (finding) => `it is ${finding.actual} long; X needs at least ${finding.limit}`,
  'video.aspect_ratio': (finding) =>
    `its aspect ratio is ${finding.actual}; X allows 1:3 to 3:1, and Xfer does not crop or pad your picture`,
  'subtitles.malformed': (finding) => `${finding.message} (edit the text)`,
  'subtitles.empty': () => 'the subtitle file has no cues',
  'gif.animated_in_image_category': (finding) => finding.message,
};

// A GIF's frame delay can be 1/100 s: an MP4 above 60 fps would be refused.
const GIF_MAX_FPS = 60;

export function planConversion(validation: ValidationResult, options: PlanOptions = {}): PlanOutcome {
  const { category, tier, inspection } = validation;
  const findings = [...validation.findings];
  const video = options.probed ?? inspection?.video;
  const rules = rulesFor(category);
  // A video the inspector could not read (WebM) has no video findings yet: check the probed facts.
  const unreadVideo = inspection?.mediaType?.startsWith('video/') === true && inspection.video === undefined;
  if (options.probed !== undefined && unreadVideo) {
    const target = rules.video !== undefined ? category : category.startsWith('dm_') ? 'dm_video' : 'tweet_video';
    findings.push(...checkVideo(options.probed, rulesFor(target).video!, target, tier));
  }

  const errors = findings.filter((finding) => finding.severity === 'error');
  const remaining = errors.filter((finding) => SESSION_CODES.has(finding.code)).map((finding) => finding.message);
  const fileErrors = errors.filter((finding) => !SESSION_CODES.has(finding.code));
  const gifWarnings = findings.filter((finding) => finding.code.startsWith('gif.') && finding.severity === 'warning');

  if (inspection === null) return cannot(fileErrors.map((finding) => finding.message));
  if (fileErrors.length === 0 && gifWarnings.length === 0) return { kind: 'fits' };

  const uncurable = fileErrors.flatMap((finding) => {
    const why = UNCURABLE[finding.code];
    return why === undefined ? [] : [why(finding)];
  });
  if (uncurable.length > 0) return cannot(uncurable);
  // The bytes are fine, the category is not: nothing to convert, choose the category that fits.
  if (validation.suggestedCategory !== null) {
    return cannot([
      `it is ${inspection.mediaType ?? 'unknown'}, which ${category} does not take: choose ${validation.suggestedCategory} instead (nothing to convert)`,
    ]);
  }

  const kind = inspection.kind;
  if (kind === 'gif' && inspection.gif !== undefined && rulesFor(category).kind === 'gif') {
    return { kind: 'plan', plan: gifToVideo(validation, [...fileErrors, ...gifWarnings], remaining) };
  }
  if (kind === 'image' || kind === 'gif') {
    return { kind: 'plan', plan: imagePlan(validation, fileErrors, remaining) };
  }
  if (kind === 'video' || (inspection.mediaType?.startsWith('video/') ?? false)) {
    if (video === undefined) {
      return cannot([
        `Xfer cannot read the video inside ${inspection.name} (${inspection.mediaType ?? 'unknown type'})`,
      ]);
    }
    return videoPlan(validation, video, fileErrors, remaining);
  }
  return cannot(fileErrors.map((finding) => finding.message));
}

function cannot(reasons: string[]): PlanOutcome {
  const list = reasons.length > 0 ? reasons : ['the file could not be read'];
  return { kind: 'cannot', reasons: list, message: `cannot be converted: ${list.join('; ')}` };
}

function videoPlan(
  validation: ValidationResult,
  facts: VideoFacts,
  errors: Finding[],
  remaining: string[],
): PlanOutcome {
  const tier = validation.tier;
  const category = videoCategoryFor(validation.category);
  const rules = rulesFor(category).video!;
  const codes = new Set(errors.map((finding) => finding.code));
  const changes: string[] = [];

  const encode: VideoEncode = { scale: null, fps: null, deinterlace: false, maxBitrate: null };
  let reencode =
    codes.has('video.codec.not_h264') ||
    codes.has('video.pixel_format') ||
    codes.has('video.open_gop') ||
    codes.has('media_category.type_not_accepted');

  const box = fitInBox(facts, rules, tier, codes.has('video.dimensions.too_large'));
  if (box !== null) {
    encode.scale = box.size;
    reencode = true;
    changes.push(box.describe);
  }
  if (codes.has('video.fps.too_high') && facts.fps !== null) {
    encode.fps = targetFps(facts.fps, rules.maxFps.value);
    reencode = true;
    changes.push(`Frame rate ${formatNumber(facts.fps)} → ${formatNumber(encode.fps)} fps`);
  }
  if (codes.has('video.interlaced')) {
    encode.deinterlace = true;
    reencode = true;
    changes.push('Deinterlaced (progressive scan)');
  }
  if (codes.has('video.open_gop')) changes.push('Closed GOPs: every keyframe an IDR frame');

  let trimSec: number | null = null;
  let needsConfirmation: string | null = null;
  const duration = rules.durationSec.value[tier];
  if (codes.has('video.duration.too_long')) {
    trimSec = duration.max;
    // A copied stream can only end on a packet, which lands past the cut (140.07 s for 140): the result would be
    // refused again. Encoding ends exactly at the cut.
    reencode = true;
    needsConfirmation = `${category} allows at most ${formatDuration(duration.max)}: Xfer keeps the first ${formatDuration(duration.max)} and drops the last ${formatDuration(Math.round((facts.durationSec - duration.max) * 10) / 10)}`;
    changes.push(
      `Trimmed to the first ${formatDuration(duration.max)} (of ${formatDuration(Math.round(facts.durationSec * 10) / 10)})`,
    );
  }

  let audio = audioPlan(facts, codes, rules, changes);
  if (trimSec !== null && audio === 'copy') audio = { encode: 'aac_lc', channels: facts.audioChannels === 1 ? 1 : 2 };
  const kept = trimSec ?? facts.durationSec;
  if (codes.has('total_bytes.too_large') && kept > 0) {
    const limit = rulesFor(category).maxBytes.value[tier];
    // 8 % headroom for the container and the encoder's rate control overshoot.
    const audioBits = audio === 'none' ? 0 : 128_000;
    encode.maxBitrate = Math.max(100_000, Math.floor((limit * 8 * 0.92) / kept - audioBits));
    reencode = true;
    changes.push(
      `Video bitrate capped at ${formatNumber(Math.round(encode.maxBitrate / 1000))} kb/s to stay under ${formatBytes(limit)}`,
    );
  }

  const was = describeCodec(facts);
  if (reencode) {
    changes.unshift(
      was === 'H.264 High, yuv420p'
        ? 'Video re-encoded as H.264 High, yuv420p 8-bit'
        : `Video: ${was} → H.264 High, yuv420p 8-bit`,
    );
  }
  changes.push('moov at the front of the file (+faststart)');
  const steps: VideoSteps = { kind: 'video', video: reencode ? encode : 'copy', audio, trimSec };
  const plan: ConversionPlan = {
    category,
    tier,
    steps,
    extension: 'mp4',
    mediaType: 'video/mp4',
    changes,
    cures: [...codes],
    needsConfirmation,
    remaining,
  };
  return { kind: 'plan', plan };
}

function audioPlan(facts: VideoFacts, codes: Set<string>, rules: VideoRules, changes: string[]): VideoSteps['audio'] {
  if (facts.audioCodec === null) return 'none';
  const wrong = codes.has('audio.codec') || codes.has('audio.profile') || codes.has('audio.channels');
  // A container change (WebM → MP4) needs AAC even when the old codec passed unseen.
  const unknown = codes.has('media_category.type_not_accepted') && !facts.audioCodec.startsWith('mp4a');
  if (!wrong && !unknown) return 'copy';
  const channels: 1 | 2 = facts.audioChannels === 1 ? 1 : 2;
  const was =
    facts.audioChannels !== null ? `${facts.audioChannels} channel${facts.audioChannels === 1 ? '' : 's'}` : '';
  const from = [facts.audioProfile ?? facts.audioCodec, was].filter(Boolean).join(', ');
  changes.push(`Audio: ${from} → ${rules.audioCodec.value.profile} ${channels === 1 ? 'mono' : 'stereo'}`);
  return { encode: 'aac_lc', channels };
}

/** Over 60 fps: the source's half when that lands in 24–60 (every other frame, an even cadence), else 60. */
export function targetFps(fps: number, maxFps: number): number {
  const half = Math.round((fps / 2) * 1000) / 1000;
  return half >= 24 && half <= maxFps + 0.1 ? half : maxFps;
}

function describeCodec(facts: VideoFacts): string {
  const codec = facts.videoCodec ?? 'unknown codec';
  const name =
    codec.startsWith('hvc1') || codec.startsWith('hev1') ? 'HEVC' : codec.startsWith('avc') ? 'H.264' : codec;
  const profile = facts.videoProfile !== null && name === 'H.264' ? ` ${facts.videoProfile}` : '';
  const format = facts.pixelFormat !== null ? `, ${facts.pixelFormat}` : '';
  return `${name}${profile}${format}`;
}

/** tweet_gif → tweet_video, dm_gif → dm_video; a video category stays. */
function videoCategoryFor(category: MediaCategory): MediaCategory {
  if (rulesFor(category).video !== undefined) return category;
  return category.startsWith('dm_') ? 'dm_video' : 'tweet_video';
}

function gifToVideo(validation: ValidationResult, findings: Finding[], remaining: string[]): ConversionPlan {
  const gif = validation.inspection!.gif!;
  const category = videoCategoryFor(validation.category);
  const rules = rulesFor(category).video!;
  const facts = { width: gif.width, height: gif.height, pixelAspectRatio: 1 };
  const box = fitInBox(facts, rules, validation.tier, true);
  const changes = [
    `GIF (${formatNumber(gif.frames)} frames, ${formatBytes(validation.inspection!.totalBytes)}) → H.264 MP4 for ${category} (X shows GIFs as video)`,
  ];
  if (box !== null) changes.push(box.describe);
  return {
    category,
    tier: validation.tier,
    steps: { kind: 'gif_to_video', scale: box?.size ?? null, maxFps: GIF_MAX_FPS },
    extension: 'mp4',
    mediaType: 'video/mp4',
    changes,
    cures: [...new Set(findings.map((finding) => finding.code))],
    needsConfirmation: null,
    remaining,
  };
}

function imagePlan(validation: ValidationResult, errors: Finding[], remaining: string[]): ConversionPlan {
  const inspection = validation.inspection!;
  const category = rulesFor(validation.category).kind === 'image' ? validation.category : 'tweet_image';
  const maxBytes = rulesFor(category).maxBytes.value[validation.tier];
  const wasPng = inspection.mediaType === 'image/png';
  const from = (inspection.mediaType ?? 'image').replace('image/', '').toUpperCase();
  const changes = errors.some((finding) => finding.code === 'total_bytes.too_large')
    ? [`${from} of ${formatBytes(inspection.totalBytes)} → JPEG under ${formatBytes(maxBytes)}`]
    : [`${from} → ${wasPng ? 'PNG' : 'JPEG'} (a format X takes)`];
  const tooLarge = errors.some((finding) => finding.code === 'total_bytes.too_large');
  // The smallest change: a PNG in the wrong category only stays PNG; too large becomes JPEG.
  const format = wasPng && !tooLarge ? 'png' : 'jpeg';
  return {
    category,
    tier: validation.tier,
    steps: { kind: 'image', format, maxBytes, stillOnly: true },
    extension: format === 'png' ? 'png' : 'jpg',
    mediaType: format === 'png' ? 'image/png' : 'image/jpeg',
    changes,
    cures: [...new Set(errors.map((finding) => finding.code))],
    needsConfirmation: null,
    remaining,
  };
}
