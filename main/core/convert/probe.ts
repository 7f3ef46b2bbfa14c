// What ffmpeg itself reads in a file: duration, the first video and audio stream, transparency. Used for what
// the byte inspector does not read (WebM, an image's alpha, a GIF's length) and for progress (% of duration).
// ffprobe's JSON when there is an ffprobe; otherwise ffmpeg's own stream summary (the bundled build has only ffmpeg).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { VideoFacts } from '../../common/media-types.ts';
import type { FfmpegTool } from './ffmpeg-tool.ts';

const run = promisify(execFile);

export interface ProbeFacts {
  durationSec: number | null;
  /** Facts in the inspector's vocabulary, when there is a video (or image) stream. */
  video: VideoFacts | null;
  /** The picture has an alpha channel (a PNG with transparency must stay PNG). */
  hasAlpha: boolean;
}

const ALPHA = /^(rgba|bgra|argb|abgr|ya8|ya16|yuva|gbrap|rgba64|pal8)/;

export async function probe(tool: FfmpegTool, path: string, signal?: AbortSignal): Promise<ProbeFacts | null> {
  if (tool.ffprobe !== null) {
    try {
      const { stdout } = await run(
        tool.ffprobe,
        ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', path],
        { timeout: 30_000, maxBuffer: 16 << 20, ...(signal && { signal }) },
      );
      return fromFfprobe(JSON.parse(stdout) as FfprobeOutput);
    } catch {
      return null;
    }
  }
  // `ffmpeg -i FILE` with no output exits 1 after printing the streams: the summary is on stderr.
  const summary = await run(tool.ffmpeg, ['-hide_banner', '-nostdin', '-i', path], {
    timeout: 30_000,
    ...(signal && { signal }),
  }).then(
    (done) => done.stderr,
    (failed: { stderr?: string }) => failed.stderr ?? '',
  );
  return fromSummary(summary);
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  sample_aspect_ratio?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  field_order?: string;
  channels?: number;
}
interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { duration?: string };
}

export function fromFfprobe(output: FfprobeOutput): ProbeFacts | null {
  const streams = output.streams ?? [];
  const video = streams.find((stream) => stream.codec_type === 'video');
  const audio = streams.find((stream) => stream.codec_type === 'audio');
  const duration = Number(output.format?.duration);
  const durationSec = Number.isFinite(duration) ? duration : null;
  if (video === undefined && audio === undefined) return null;
  const fps = rate(video?.avg_frame_rate) ?? rate(video?.r_frame_rate);
  const facts: VideoFacts | null =
    video === undefined
      ? null
      : {
          brand: null,
          durationSec: durationSec ?? 0,
          width: video.width ?? 0,
          height: video.height ?? 0,
          fps,
          videoCodec: codecTag(video.codec_name),
          videoProfile: video.profile ?? null,
          pixelFormat: video.pix_fmt ?? null,
          pixelAspectRatio: ratio(video.sample_aspect_ratio),
          audioCodec: audio === undefined ? null : audioTag(audio.codec_name, audio.profile),
          audioProfile: audio === undefined ? null : audioProfile(audio.codec_name, audio.profile),
          audioChannels: audio?.channels ?? null,
          interlaced: video.field_order === undefined ? null : !['progressive', 'unknown'].includes(video.field_order),
          openGop: null,
        };
  return { durationSec, video: facts, hasAlpha: ALPHA.test(video?.pix_fmt ?? '') };
}

/** Parses ffmpeg's "Duration: … / Stream #0:0: Video: …" lines. */
export function fromSummary(text: string): ProbeFacts | null {
  const time = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(text);
  const durationSec = time ? Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3]) : null;
  const videoLine = /Stream #\d+:\d+.*?: Video: (.*)/.exec(text)?.[1];
  const audioLine = /Stream #\d+:\d+.*?: Audio: (.*)/.exec(text)?.[1];
  if (videoLine === undefined && audioLine === undefined) return null;
  let facts: VideoFacts | null = null;
  let hasAlpha = false;
  if (videoLine !== undefined) {
    const [, codec = '', profile] = /^(\w+)(?: \(([^)]+)\))?/.exec(videoLine) ?? [];
    const size = /\b(\d{1,5})x(\d{1,5})\b/.exec(videoLine);
    const pixel = /, ([a-z0-9]+(?:le|be)?)(?:\(([^)]*)\))?, \d{1,5}x\d{1,5}/.exec(videoLine);
    const sar = /\[SAR (\d+):(\d+)/.exec(videoLine);
    const fps = /([\d.]+) fps/.exec(videoLine) ?? /([\d.]+) tbr/.exec(videoLine);
    const fieldNote = pixel?.[2] ?? '';
    hasAlpha = ALPHA.test(pixel?.[1] ?? '');
    const audio = audioLine === undefined ? null : parseAudio(audioLine);
    facts = {
      brand: null,
      durationSec: durationSec ?? 0,
      width: size ? Number(size[1]) : 0,
      height: size ? Number(size[2]) : 0,
      fps: fps ? Number(fps[1]) : null,
      videoCodec: codecTag(codec),
      videoProfile: profile !== undefined && !profile.includes('/') ? profile : null,
      pixelFormat: pixel?.[1] ?? null,
      pixelAspectRatio: sar && Number(sar[2]) > 0 ? Number(sar[1]) / Number(sar[2]) : null,
      audioCodec: audio?.codec ?? null,
      audioProfile: audio?.profile ?? null,
      audioChannels: audio?.channels ?? null,
      interlaced: /top first|bottom first|interlaced/.test(fieldNote)
        ? true
        : fieldNote.includes('progressive')
          ? false
          : null,
      openGop: null,
    };
  }
  return { durationSec, video: facts, hasAlpha };
}

function parseAudio(line: string): { codec: string; profile: string | null; channels: number | null } {
  const [, codec = '', profile] = /^(\w+)(?: \(([^)]+)\))?/.exec(line) ?? [];
  const layout = /Hz, ([^,]+)/.exec(line)?.[1]?.trim() ?? '';
  const channels =
    layout === 'mono'
      ? 1
      : layout === 'stereo'
        ? 2
        : /^(\d+)\.(\d)/.test(layout)
          ? sumLayout(layout)
          : Number.parseInt(layout) || null;
  return { codec: audioTag(codec, profile), profile: audioProfile(codec, profile), channels };
}

function sumLayout(layout: string): number {
  const [main = '0', lfe = '0'] = layout.split(/[.(]/);
  return Number(main) + Number(lfe);
}

function codecTag(name: string | undefined): string | null {
  if (name === undefined || name === '') return null;
  const tags: Record<string, string> = {
    h264: 'avc1',
    hevc: 'hvc1',
    av1: 'av01',
    vp9: 'vp09',
    vp8: 'vp08',
    mpeg4: 'mp4v',
  };
  return tags[name] ?? name;
}

function audioTag(name: string | undefined, profile: string | undefined): string {
  if (name !== 'aac') return name ?? 'unknown';
  return /HE/.test(profile ?? '') ? 'mp4a.40.5' : 'mp4a.40.2';
}

function audioProfile(name: string | undefined, profile: string | undefined): string | null {
  if (name !== 'aac') return null;
  if (/HE-AACv2/.test(profile ?? '')) return 'HE-AACv2';
  if (/HE/.test(profile ?? '')) return 'HE-AAC';
  return 'AAC-LC';
}

function rate(value: string | undefined): number | null {
  const parsed = ratio(value);
  return parsed === null || parsed === 0 ? null : Math.round(parsed * 1000) / 1000;
}

function ratio(value: string | undefined): number | null {
  if (value === undefined) return null;
  const [num, den] = value.split(/[:/]/).map(Number);
  if (num === undefined || den === undefined || !Number.isFinite(num) || !Number.isFinite(den) || den === 0)
    return null;
  return num / den;
}
