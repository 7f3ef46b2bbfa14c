// Inspection results built from facts alone, for the rules and the conversion planner: no file is read.
import type { Inspection, VideoFacts } from '../../main/common/media-types.ts';

/** What a phone records: H.264 High, 720p30, AAC-LC stereo — a clip X takes as it is. */
export const PHONE_VIDEO: VideoFacts = {
  brand: 'isom',
  durationSec: 10,
  width: 1280,
  height: 720,
  fps: 30,
  videoCodec: 'avc1.640028',
  videoProfile: 'High',
  pixelFormat: 'yuv420p',
  pixelAspectRatio: 1,
  audioCodec: 'mp4a.40.2',
  audioProfile: 'AAC-LC',
  audioChannels: 2,
  interlaced: false,
  openGop: false,
};

export function videoInspection(facts: Partial<VideoFacts>, totalBytes = 1000, base = PHONE_VIDEO): Inspection {
  return {
    path: '/media/a.mp4',
    name: 'a.mp4',
    totalBytes,
    mediaType: 'video/mp4',
    extensionType: 'video/mp4',
    kind: 'video',
    video: { ...base, ...facts },
    mtimeMs: 0,
  };
}

export function gifInspection(gif: { width: number; height: number; frames: number }, totalBytes = 1000): Inspection {
  return {
    path: '/media/a.gif',
    name: 'a.gif',
    totalBytes,
    mediaType: 'image/gif',
    extensionType: 'image/gif',
    kind: 'gif',
    gif: { ...gif, animated: gif.frames > 1 },
    mtimeMs: 0,
  };
}
