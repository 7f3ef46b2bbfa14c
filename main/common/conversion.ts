// What a conversion is: the plan (pure data, derived from validation findings), and what running it records.
// Plain data: plans cross IPC to the renderer and are kept in the ledger with the session.
import type { MediaCategory, Tier } from './media-types.ts';

export interface Size {
  width: number;
  height: number;
}

/** Re-encode the video stream as H.264 High, yuv420p 8-bit, closed GOPs — with these changes on top. */
export interface VideoEncode {
  /** Scale to exactly this size (square pixels, even dimensions), or keep the source's. */
  scale: Size | null;
  /** Output frame rate, or keep the source's. */
  fps: number | null;
  deinterlace: boolean;
  /** Cap the video bitrate (bits/s) so the file fits a byte limit, or none. */
  maxBitrate: number | null;
}

export interface VideoSteps {
  kind: 'video';
  /** 'copy' keeps the video stream as it is (only the container or the audio changes). */
  video: 'copy' | VideoEncode;
  /** 'encode' makes AAC-LC with at most 2 channels. */
  audio: 'copy' | 'none' | { encode: 'aac_lc'; channels: 1 | 2 };
  /** Keep only the first this many seconds (the user must confirm), or the whole clip. */
  trimSec: number | null;
}

export interface ImageSteps {
  kind: 'image';
  /** JPEG unless the picture has transparency (the runner checks), then PNG. */
  format: 'jpeg' | 'png';
  /** The result must be at most this many bytes. */
  maxBytes: number;
  /** Frames after the first are dropped (a still GIF, an animated WebP): the image categories take stills. */
  stillOnly: boolean;
}

/** An animated GIF made into an H.264 MP4 (X shows GIFs as video anyway). */
export interface GifToVideoSteps {
  kind: 'gif_to_video';
  scale: Size | null;
  maxFps: number;
}

export type ConversionSteps = VideoSteps | ImageSteps | GifToVideoSteps;

export interface ConversionPlan {
  /** The category the result is for (a GIF made into MP4 moves from tweet_gif to tweet_video). */
  category: MediaCategory;
  tier: Tier;
  steps: ConversionSteps;
  /** The result's file extension and media type. */
  extension: 'mp4' | 'jpg' | 'png';
  mediaType: 'video/mp4' | 'image/jpeg' | 'image/png';
  /** What changes, in plain words, one line each: "Scaled 1920×1080 → 1280×720 (aspect kept)". */
  changes: string[];
  /** The finding codes this plan cures. */
  cures: string[];
  /** Set when running it loses something the user must agree to (a trim): the sentence to confirm. */
  needsConfirmation: string | null;
  /** Findings a conversion does not touch (alt text): fixed by editing the session, not the file. */
  remaining: string[];
}

export type PlanOutcome =
  | { kind: 'fits' }
  | { kind: 'plan'; plan: ConversionPlan }
  /** `message` starts "cannot be converted: …" and names every reason. */
  | { kind: 'cannot'; reasons: string[]; message: string };

/** What the session keeps about a conversion it was made from. */
export interface ConversionRecord {
  /** The original file (never modified). */
  from: string;
  /** SHA-256 (hex) of the original when it was converted. */
  fromSha256: string;
  plan: ConversionPlan;
  /** The ffmpeg that ran it ("system 5.1.9 at /usr/bin/ffmpeg") and its full argument list. */
  tool: string;
  args: string[];
  at: number;
}
