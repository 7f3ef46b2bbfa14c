// Plain words for inspection facts and categories.
import type { Inspection, MediaCategory } from '../../../main/common/media-types.ts';
import type { SessionState } from '../../../main/common/session.ts';
import { formatDuration } from '../../../main/common/format.ts';

export const CATEGORY_LABELS: Record<MediaCategory, string> = {
  tweet_image: 'Post image',
  tweet_gif: 'Post GIF',
  tweet_video: 'Post video',
  amplify_video: 'Amplify video',
  dm_image: 'DM image',
  dm_gif: 'DM GIF',
  dm_video: 'DM video',
  subtitles: 'Subtitles',
};

export const STATE_LABELS: Record<SessionState, string> = {
  draft: 'Draft',
  ready: 'Ready',
  uploading: 'Uploading',
  finalizing: 'Finalizing',
  processing: 'Processing',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
};

/** Codec strings as people know them: "avc1.640028" → "H.264", "mp4a.40.2" → "AAC". Unknown ones stay as they are. */
const CODEC_NAMES: [prefix: string, name: string][] = [
  ['avc1', 'H.264'],
  ['avc3', 'H.264'],
  ['hvc1', 'HEVC'],
  ['hev1', 'HEVC'],
  ['av01', 'AV1'],
  ['vp09', 'VP9'],
  ['vp08', 'VP8'],
  ['mp4a.40', 'AAC'],
  ['mp4a.6b', 'MP3'],
  ['opus', 'Opus'],
  ['ac-3', 'Dolby Digital'],
  ['ec-3', 'Dolby Digital Plus'],
];

export function codecName(codec: string): string {
  const lower = codec.toLowerCase();
  return CODEC_NAMES.find(([prefix]) => lower.startsWith(prefix))?.[1] ?? codec;
}

/**
 * The card's one summary line, in plain words: "Video · 12 s · 1280×720", "PNG image · 800×600".
 * Codec strings belong in describeDetail. `checking`: the bytes are still being read, so nothing is known yet.
 */
export function describeInspection(inspection: Inspection | null, checking = false): string {
  if (!inspection) return checking ? 'checking…' : 'Could not be read';
  if (inspection.video) {
    const video = inspection.video;
    const sound = video.audioCodec ? '' : ' · no sound';
    return `Video · ${formatDuration(video.durationSec)} · ${video.width}×${video.height}${sound}`;
  }
  if (inspection.gif) {
    const gif = inspection.gif;
    return `${gif.animated ? 'Animated GIF' : 'GIF'} · ${gif.width}×${gif.height} · ${gif.frames} frames`;
  }
  if (inspection.image) {
    return `${inspection.image.format.toUpperCase()} image · ${inspection.image.width}×${inspection.image.height}`;
  }
  if (inspection.subtitles) {
    return `${inspection.subtitles.format.toUpperCase()} subtitles · ${inspection.subtitles.cues} cues`;
  }
  return 'Not a photo, GIF, video or subtitle file';
}

/** The technical facts behind the summary, for the card's detail: "H.264 High (avc1.640028) · 30 fps · yuv420p". */
export function describeDetail(inspection: Inspection | null): string | null {
  const video = inspection?.video;
  if (!video) return null;
  const parts: string[] = [];
  if (video.videoCodec) {
    const name = codecName(video.videoCodec);
    const profile = video.videoProfile ? ` ${video.videoProfile}` : '';
    parts.push(name === video.videoCodec ? `${name}${profile}` : `${name}${profile} (${video.videoCodec})`);
  }
  if (video.fps) parts.push(`${Math.round(video.fps * 100) / 100} fps`);
  if (video.pixelFormat) parts.push(video.pixelFormat);
  if (video.audioCodec) {
    const name = codecName(video.audioCodec);
    const profile = video.audioProfile ?? name;
    const channels = video.audioChannels ? `, ${video.audioChannels} ch` : '';
    parts.push(`audio ${profile}${name === video.audioCodec ? '' : ` (${video.audioCodec})`}${channels}`);
  }
  return parts.length > 0 ? parts.join(' · ') : null;
}
