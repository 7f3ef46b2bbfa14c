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

/** "Video · 1280×720 · 12 s · 30 fps · H.264 High" — what the bytes turned out to be. */
export function describeInspection(inspection: Inspection | null): string {
  if (!inspection) return 'Unreadable';
  const parts: string[] = [];
  if (inspection.video) {
    const video = inspection.video;
    parts.push('Video', `${video.width}×${video.height}`, formatDuration(video.durationSec));
    if (video.fps) parts.push(`${Math.round(video.fps * 100) / 100} fps`);
    if (video.videoCodec) parts.push(video.videoCodec + (video.videoProfile ? ` ${video.videoProfile}` : ''));
  } else if (inspection.gif) {
    const gif = inspection.gif;
    parts.push(gif.animated ? 'Animated GIF' : 'GIF', `${gif.width}×${gif.height}`, `${gif.frames} frames`);
  } else if (inspection.image) {
    parts.push(
      `${inspection.image.format.toUpperCase()} image`,
      `${inspection.image.width}×${inspection.image.height}`,
    );
  } else if (inspection.subtitles) {
    parts.push(`${inspection.subtitles.format.toUpperCase()} subtitles`, `${inspection.subtitles.cues} cues`);
  } else parts.push('Unknown kind');
  return parts.join(' · ');
}
