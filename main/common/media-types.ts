// What inspection finds in a file's bytes, and what validation says about it.
// Plain data: it crosses IPC to the renderer as is.

export const MEDIA_CATEGORIES = [
  'tweet_image',
  'tweet_gif',
  'tweet_video',
  'amplify_video',
  'dm_image',
  'dm_gif',
  'dm_video',
  'subtitles',
] as const;
export type MediaCategory = (typeof MEDIA_CATEGORIES)[number];

export const TIERS = ['standard', 'premium'] as const;
export type Tier = (typeof TIERS)[number];

export type MediaKind = 'image' | 'gif' | 'video' | 'subtitles' | 'unknown';

export interface ImageFacts {
  format: string;
  width: number;
  height: number;
}

export interface GifFacts {
  width: number;
  height: number;
  frames: number;
  animated: boolean;
}

export interface VideoFacts {
  brand: string | null;
  durationSec: number;
  width: number;
  height: number;
  fps: number | null;
  videoCodec: string | null; // e.g. "avc1.640028"
  videoProfile: string | null; // e.g. "High"
  pixelFormat: string | null; // e.g. "yuv420p" where knowable
  pixelAspectRatio: number | null;
  audioCodec: string | null; // e.g. "mp4a.40.2"
  audioProfile: string | null; // e.g. "AAC-LC", "HE-AAC"
  audioChannels: number | null;
  /**
   * Interlaced coding (H.264 SPS frame_mbs_only_flag = 0; HEVC interlaced source flag); null when unknown.
   * Optional: added by the media helper after the first version of this file.
   */
  interlaced?: boolean | null;
  /** A keyframe (sync sample) that is not an IDR picture (H.264 in MP4 only); null when unknown. */
  openGop?: boolean | null;
}

export interface SubtitleFacts {
  format: 'srt' | 'vtt';
  cues: number;
  /** Why the text does not parse (the first problem found), when it does not. Added by the media helper. */
  problem?: string;
}

export interface Inspection {
  path: string;
  name: string;
  totalBytes: number;
  /** What the bytes are (file-type), or null when unrecognised. */
  mediaType: string | null;
  /** What the file name's extension claims, or null. */
  extensionType: string | null;
  kind: MediaKind;
  image?: ImageFacts;
  gif?: GifFacts;
  video?: VideoFacts;
  subtitles?: SubtitleFacts;
  /** Size and mtime when inspected: a change while reading is detected with these. */
  mtimeMs: number;
}

export type Severity = 'ok' | 'warning' | 'error';
export type ValidatedField = 'total_bytes' | 'media_type' | 'media_category' | 'alt_text' | 'file';

export interface Finding {
  field: ValidatedField;
  severity: 'warning' | 'error';
  /** Stable, machine-readable, e.g. "video.duration.too_long". */
  code: string;
  /** Plain words: "Video is 162 s long; dm_video allows at most 140 s". */
  message: string;
  limit?: string | number;
  actual?: string | number;
}

export interface FieldCheck<T> {
  value: T;
  status: Severity;
  /** The category's limit shown beside the value, in plain words. */
  limit?: string;
}

export interface ValidationResult {
  file: string;
  ok: boolean;
  category: MediaCategory;
  tier: Tier;
  fields: {
    total_bytes: FieldCheck<number | null>;
    media_type: FieldCheck<string | null>;
    media_category: FieldCheck<MediaCategory>;
  };
  findings: Finding[];
  /** A category that fits better when the chosen one does not (animated GIF under tweet_image → tweet_gif). */
  suggestedCategory: MediaCategory | null;
  /** Inspection facts, or null when the file could not be read (then a `file` finding says why). */
  inspection: Inspection | null;
}

/**
 * The category a file is listed under (CLI, JSON, window): none when its bytes are of no type Xfer recognises
 * (or could not be read). Such a file fits no category; the one it was checked under (tweet_image, when none was
 * asked for) is only what the checks needed, and listed it reads as if Xfer had found an image.
 */
export function listedCategory(
  category: MediaCategory,
  validation: Pick<ValidationResult, 'fields'> | null,
): MediaCategory | null {
  return validation !== null && validation.fields.media_type.value === null ? null : category;
}

/** Said where a category would stand, for a file listed under none (see listedCategory). */
export const UNKNOWN_CATEGORY = 'unknown';

/** The category as a table, a line or a card shows it: listedCategory, or UNKNOWN_CATEGORY for none. */
export function categoryText(category: MediaCategory, validation: Pick<ValidationResult, 'fields'> | null): string {
  return listedCategory(category, validation) ?? UNKNOWN_CATEGORY;
}
