// A plan → ffmpeg's argument list. Pure: what runs is testable (and recorded with the session) without ffmpeg.
import type { ConversionPlan, GifToVideoSteps, Size, VideoEncode, VideoSteps } from '../../common/conversion.ts';

// x264 "fast" at CRF 20: near-transparent for social video, about real time for 1080p on one laptop core.
const X264 = ['-c:v', 'libx264', '-preset', 'fast', '-crf', '20', '-profile:v', 'high', '-pix_fmt', 'yuv420p'];
// x264 writes closed GOPs unless asked otherwise; say so, so a changed default cannot reopen them.
const CLOSED_GOP = ['-x264-params', 'open-gop=0', '-flags', '+cgop'];
const AAC_BITRATE = '128k';
/** ffmpeg reports progress as key=value lines on stdout; no banner, no stats line on stderr. */
export const PROGRESS_ARGS = ['-progress', 'pipe:1', '-nostats', '-loglevel', 'error'];

const BASE = ['-hide_banner', '-nostdin', '-y'];

export function videoArgs(
  plan: ConversionPlan,
  input: string,
  output: string,
  source: { fps?: number | null } = {},
): string[] {
  const steps = plan.steps;
  if (steps.kind === 'gif_to_video') return gifToVideoArgs(steps, input, output, source.fps ?? null);
  if (steps.kind !== 'video') throw new Error(`videoArgs: a ${steps.kind} plan`);
  const args = [...BASE, '-i', input];
  if (steps.trimSec !== null) args.push('-t', String(steps.trimSec));
  // The first video and (if any) first audio stream: a phone's data and timecode tracks are not Post media.
  args.push('-map', '0:v:0', '-map', '0:a:0?', '-sn', '-dn');
  if (steps.video === 'copy') args.push('-c:v', 'copy');
  else args.push('-vf', videoFilters(steps.video), ...X264, ...CLOSED_GOP, ...rateCap(steps.video));
  args.push(...audioArgs(steps));
  args.push('-movflags', '+faststart', ...PROGRESS_ARGS, '-f', 'mp4', output);
  return args;
}

function videoFilters(encode: VideoEncode): string {
  const filters: string[] = [];
  // bwdif: one frame per frame (send_frame), so the frame rate and the duration stay as they were.
  if (encode.deinterlace) filters.push('bwdif=mode=send_frame');
  filters.push(scaleFilter(encode.scale));
  if (encode.fps !== null) filters.push(`fps=${encode.fps}`);
  filters.push('format=yuv420p');
  return filters.join(',');
}

function scaleFilter(size: Size | null): string {
  // Without a size: only round odd dimensions to even (4:2:0 needs them); a no-op otherwise.
  if (size === null) return 'scale=trunc(iw/2)*2:trunc(ih/2)*2,setsar=1';
  return `scale=${size.width}:${size.height}:flags=lanczos,setsar=1`;
}

function rateCap(encode: VideoEncode): string[] {
  if (encode.maxBitrate === null) return [];
  return ['-maxrate', String(encode.maxBitrate), '-bufsize', String(encode.maxBitrate * 2)];
}

function audioArgs(steps: VideoSteps): string[] {
  if (steps.audio === 'none') return ['-an'];
  if (steps.audio === 'copy') return ['-c:a', 'copy'];
  // ffmpeg's native aac encoder writes AAC-LC; -ac 2 downmixes 5.1 with the standard matrix.
  return ['-c:a', 'aac', '-b:a', AAC_BITRATE, '-ac', String(steps.audio.channels)];
}

function gifToVideoArgs(steps: GifToVideoSteps, input: string, output: string, sourceFps: number | null): string[] {
  // A GIF's frame delays can mean 100 fps; the fps filter (not -fpsmax, which ffmpeg 4.x lacks) caps it.
  const cap = sourceFps !== null && sourceFps > steps.maxFps ? `,fps=${steps.maxFps}` : '';
  return [
    ...BASE,
    '-i',
    input,
    '-map',
    '0:v:0',
    '-vf',
    `${scaleFilter(steps.scale)}${cap},format=yuv420p`,
    ...X264,
    ...CLOSED_GOP,
    '-an',
    '-movflags',
    '+faststart',
    ...PROGRESS_ARGS,
    '-f',
    'mp4',
    output,
  ];
}

export interface ImageAttempt {
  format: 'jpeg' | 'png';
  /** JPEG quantiser, 2 (best) … 31; ignored for PNG. */
  quality: number;
  /** Scale factor for this attempt (1 = the source's size). */
  scale: number;
}

export function imageArgs(input: string, output: string, attempt: ImageAttempt): string[] {
  const scale =
    attempt.scale === 1
      ? []
      : [`scale=trunc(iw*${attempt.scale.toFixed(4)}/2)*2:trunc(ih*${attempt.scale.toFixed(4)}/2)*2:flags=lanczos`];
  const args = [...BASE, '-i', input, '-frames:v', '1'];
  if (attempt.format === 'jpeg') {
    // JPEG has no alpha; full-range 4:2:0 is what cameras write.
    args.push('-vf', [...scale, 'format=yuvj420p'].join(','), '-c:v', 'mjpeg', '-q:v', String(attempt.quality));
    args.push('-f', 'image2', output);
  } else {
    if (scale.length > 0) args.push('-vf', scale.join(','));
    args.push('-c:v', 'png', '-compression_level', '9', '-f', 'image2', output);
  }
  return ['-loglevel', 'error', ...args];
}

/**
 * The attempts, best first, for an image that must fit under a byte limit: JPEG quality steps at full size,
 * then smaller sizes at a good quality; PNG (transparency) only by size.
 */
export function imageAttempts(format: 'jpeg' | 'png'): ImageAttempt[] {
  const scales = [1, 0.85, 0.7, 0.55, 0.4, 0.3, 0.2];
  if (format === 'png') return scales.map((scale) => ({ format, quality: 0, scale }));
  const qualities = [2, 3, 5, 8];
  return [
    ...qualities.map((quality) => ({ format, quality, scale: 1 })),
    ...scales.slice(1).map((scale) => ({ format, quality: 5, scale })),
  ];
}
