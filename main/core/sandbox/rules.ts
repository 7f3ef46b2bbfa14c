// What the sandbox enforces about media, from the reference (§1 "Facts", §3 table, default tier).
// Pure data and functions; the upload service applies them.

export const MB = 1_048_576;
export const GB = 1024 * MB;

/** Segment size: 5 MB on v1.1; v2's server maximum is 8 MB (reference §1 "Segments"). */
export const MAX_SEGMENT_BYTES = { v1: 5 * MB, v2: 8 * MB } as const;
export const MAX_SEGMENT_INDEX = 999;
/** v2 initialize's `total_bytes` maximum (reference §1, OpenAPI 2.167). */
export const MAX_TOTAL_BYTES = 17_179_869_184;
export const MAX_ADDITIONAL_OWNERS = 100;
export const MAX_ALT_TEXT = 1000;

export type MediaCategory =
  'tweet_image' | 'dm_image' | 'tweet_gif' | 'dm_gif' | 'tweet_video' | 'amplify_video' | 'dm_video' | 'subtitles';

export const MEDIA_TYPES = [
  'video/mp4',
  'video/quicktime',
  'video/webm',
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'text/srt',
  'text/vtt',
] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

interface CategoryRule {
  types: readonly MediaType[];
  maxBytes: number;
  /** GIF and video categories are processed asynchronously (reference §1 "Processing"). */
  async: boolean;
  noun: string;
}

const IMAGE_TYPES: readonly MediaType[] = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];
const VIDEO_TYPES: readonly MediaType[] = ['video/mp4', 'video/quicktime'];

export const CATEGORY_RULES: Readonly<Record<MediaCategory, CategoryRule>> = {
  tweet_image: { types: IMAGE_TYPES, maxBytes: 5 * MB, async: false, noun: 'Image' },
  dm_image: { types: IMAGE_TYPES, maxBytes: 5 * MB, async: false, noun: 'Image' },
  tweet_gif: { types: ['image/gif'], maxBytes: 15 * MB, async: true, noun: 'GIF' },
  dm_gif: { types: ['image/gif'], maxBytes: 15 * MB, async: true, noun: 'GIF' },
  tweet_video: { types: VIDEO_TYPES, maxBytes: 8 * GB, async: true, noun: 'Video' },
  amplify_video: { types: VIDEO_TYPES, maxBytes: 8 * GB, async: true, noun: 'Video' },
  dm_video: { types: VIDEO_TYPES, maxBytes: 512 * MB, async: true, noun: 'Video' },
  subtitles: { types: ['text/srt', 'text/vtt'], maxBytes: 1 * MB, async: false, noun: 'Subtitles' },
};

/**
 * Without a category X assumes the Post category that matches the type, and processes video
 * synchronously with far lower limits: 15 MB (reference §2, last bullets).
 */
export function implicitRule(mediaType: MediaType): CategoryRule {
  if (mediaType.startsWith('video/')) return { types: VIDEO_TYPES, maxBytes: 15 * MB, async: false, noun: 'Video' };
  if (mediaType === 'image/gif') return { types: ['image/gif'], maxBytes: 15 * MB, async: false, noun: 'GIF' };
  if (mediaType.startsWith('text/')) return CATEGORY_RULES.subtitles;
  return CATEGORY_RULES.tweet_image;
}

/**
 * Accepts X's snake_case names and the CamelCase ones older clients send (TweetVideo, DmGif…),
 * which X accepted too (reference §1 "Facts"). Returns null for anything else.
 */
export function normalizeCategory(raw: string): MediaCategory | null {
  const snake = raw.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return Object.hasOwn(CATEGORY_RULES, snake) ? (snake as MediaCategory) : null;
}

export function isMediaType(raw: string): raw is MediaType {
  return (MEDIA_TYPES as readonly string[]).includes(raw);
}
