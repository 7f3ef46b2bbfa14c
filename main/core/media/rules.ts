// X's offline limits per media_category, as data. PURE: no node: imports here or in anything imported here,
// because the renderer imports this module to give feedback while the user picks files.
// Every rule carries `source`: the line of /work/shared/x-media-upload.md it follows.
import type { MediaCategory, MediaKind, Tier } from '../../common/media-types.ts';

/** X's "MB" as clients enforce it (x-media-upload.md §3: "MB here means 1,048,576 bytes"). */
export const MB = 1_048_576;
export const GB = 1024 * MB;

const TABLE = 'x-media-upload.md §3 table';
const VIDEO = 'x-media-upload.md §3 video rules';

export interface Rule<T> {
  value: T;
  source: string;
}

export interface VideoRules {
  durationSec: Rule<Record<Tier, { min: number; max: number }>>;
  /** Codec string prefixes (ISO BMFF sample entry types) that are H.264. */
  codecs: Rule<readonly string[]>;
  maxFps: Rule<number>;
  recommendedFps: Rule<readonly number[]>;
  recommendedProfile: Rule<string>;
  minDimensions: Rule<{ width: number; height: number }>;
  maxDimensions: Rule<{ width: number; height: number }>;
  /** What exceeding maxDimensions is, per tier (Xfer's ruling: an error by default, a warning for premium). */
  overMaxDimensions: Rule<Record<Tier, 'error' | 'warning'>>;
  /** Width ÷ height. */
  aspectRatio: Rule<{ min: number; max: number }>;
  squarePixels: Rule<true>;
  pixelFormat: Rule<string>;
  audioCodec: Rule<{ codec: string; profile: string }>;
  maxAudioChannels: Rule<number>;
  /** No interlaced video (fields or MBAFF). */
  progressiveScan: Rule<true>;
  /** Every keyframe an IDR picture: no open GOP. */
  closedGop: Rule<true>;
}

export interface GifRules {
  maxDimensions: Rule<{ width: number; height: number }>;
  maxFrames: Rule<number>;
  maxPixelFrames: Rule<number>;
}

export interface CategoryRules {
  category: MediaCategory;
  /** The kind of media this category is for. */
  kind: 'image' | 'gif' | 'video' | 'subtitles';
  acceptedTypes: Rule<readonly string[]>;
  maxBytes: Rule<Record<Tier, number>>;
  /** Image categories take still images only; an animated GIF goes to this category instead. */
  animatedGifCategory?: Rule<MediaCategory>;
  video?: VideoRules;
  gif?: GifRules;
  /** Subtitles must parse as SRT / WebVTT. */
  mustParse?: Rule<true>;
  altText: Rule<{ allowed: boolean; maxChars: number }>;
}

const ALT_TEXT_IMAGES = {
  value: { allowed: true, maxChars: 1000 },
  source: `${VIDEO}: alt text at most 1,000 characters, images and GIFs only`,
};
const ALT_TEXT_NONE = {
  value: { allowed: false, maxChars: 1000 },
  source: `${VIDEO}: alt text applies to images and GIFs only`,
};

function videoRules(durationMax: Record<Tier, number>, row: string): VideoRules {
  return {
    durationSec: {
      value: { standard: { min: 0.5, max: durationMax.standard }, premium: { min: 0.5, max: durationMax.premium } },
      source: `${TABLE}, ${row} row: duration`,
    },
    codecs: { value: ['avc1', 'avc3'], source: `${VIDEO}: a video codec other than H.264 is an error` },
    maxFps: { value: 60, source: `${VIDEO}: frame rate ≤ 60 fps` },
    recommendedFps: { value: [30, 60], source: `${VIDEO}: recommended 30 or 60 fps (warning)` },
    recommendedProfile: { value: 'High', source: `${VIDEO}: recommended H.264 High profile (warning)` },
    minDimensions: { value: { width: 32, height: 32 }, source: `${VIDEO}: dimensions between 32×32 and 1280×1024` },
    maxDimensions: { value: { width: 1280, height: 1024 }, source: `${VIDEO}: dimensions between 32×32 and 1280×1024` },
    overMaxDimensions: {
      value: { standard: 'error', premium: 'warning' },
      source: `${VIDEO}: above 1280×1024 is an error for default accounts and a warning for premium`,
    },
    aspectRatio: { value: { min: 1 / 3, max: 3 }, source: `${VIDEO}: aspect ratio between 1:3 and 3:1` },
    squarePixels: { value: true, source: `${VIDEO}: square pixels` },
    pixelFormat: { value: '4:2:0', source: `${VIDEO}: pixel format YUV 4:2:0` },
    audioCodec: {
      value: { codec: 'mp4a.40', profile: 'AAC-LC' },
      source: `${VIDEO}: audio, if any, AAC-LC (not HE-AAC)`,
    },
    maxAudioChannels: { value: 2, source: `${VIDEO}: audio mono or stereo` },
    progressiveScan: { value: true, source: `${VIDEO}: progressive scan` },
    closedGop: { value: true, source: `${VIDEO}: no open GOP` },
  };
}

const GIF_RULES: GifRules = {
  maxDimensions: {
    value: { width: 1280, height: 1080 },
    source: `${TABLE}, tweet_gif/dm_gif row: warning > 1280×1080`,
  },
  maxFrames: { value: 350, source: `${TABLE}, tweet_gif/dm_gif row: warning > 350 frames` },
  maxPixelFrames: {
    value: 300_000_000,
    source: `${TABLE}, tweet_gif/dm_gif row: warning width×height×frames > 300,000,000`,
  },
};

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;
const VIDEO_TYPES = ['video/mp4', 'video/quicktime'] as const;

function imageCategory(category: 'tweet_image' | 'dm_image', gifCategory: MediaCategory): CategoryRules {
  const row = 'tweet_image/dm_image row';
  return {
    category,
    kind: 'image',
    acceptedTypes: {
      value: IMAGE_TYPES,
      source: `${TABLE}, ${row}: image/jpeg, image/png, image/webp, image/gif (still)`,
    },
    maxBytes: { value: { standard: 5 * MB, premium: 5 * MB }, source: `${TABLE}, ${row}: 5 MB / 5 MB` },
    animatedGifCategory: { value: gifCategory, source: `${TABLE}, ${row}: an animated GIF here is an error` },
    altText: ALT_TEXT_IMAGES,
  };
}

function gifCategory(category: 'tweet_gif' | 'dm_gif'): CategoryRules {
  const row = 'tweet_gif/dm_gif row';
  return {
    category,
    kind: 'gif',
    acceptedTypes: { value: ['image/gif'], source: `${TABLE}, ${row}: image/gif` },
    maxBytes: { value: { standard: 15 * MB, premium: 15 * MB }, source: `${TABLE}, ${row}: 15 MB / 15 MB` },
    gif: GIF_RULES,
    altText: ALT_TEXT_IMAGES,
  };
}

function videoCategory(category: 'tweet_video' | 'amplify_video'): CategoryRules {
  const row = 'tweet_video/amplify_video row';
  return {
    category,
    kind: 'video',
    acceptedTypes: { value: VIDEO_TYPES, source: `${TABLE}, ${row}: video/mp4, video/quicktime` },
    maxBytes: { value: { standard: 8 * GB, premium: 16 * GB }, source: `${TABLE}, ${row}: 8 GB / 16 GB` },
    video: videoRules({ standard: 20 * 60, premium: 125 * 60 }, row),
    altText: ALT_TEXT_NONE,
  };
}

export const CATEGORY_RULES: Readonly<Record<MediaCategory, CategoryRules>> = {
  tweet_image: imageCategory('tweet_image', 'tweet_gif'),
  dm_image: imageCategory('dm_image', 'dm_gif'),
  tweet_gif: gifCategory('tweet_gif'),
  dm_gif: gifCategory('dm_gif'),
  tweet_video: videoCategory('tweet_video'),
  amplify_video: videoCategory('amplify_video'),
  dm_video: {
    category: 'dm_video',
    kind: 'video',
    acceptedTypes: { value: VIDEO_TYPES, source: `${TABLE}, dm_video row: video/mp4, video/quicktime` },
    maxBytes: { value: { standard: 512 * MB, premium: GB }, source: `${TABLE}, dm_video row: 512 MB / 1 GB` },
    video: videoRules({ standard: 140, premium: 10 * 60 }, 'dm_video row'),
    altText: ALT_TEXT_NONE,
  },
  subtitles: {
    category: 'subtitles',
    kind: 'subtitles',
    acceptedTypes: { value: ['text/srt', 'text/vtt'], source: `${TABLE}, subtitles row: text/srt, text/vtt` },
    maxBytes: { value: { standard: MB, premium: MB }, source: `${TABLE}, subtitles row: 1 MB (unconfirmed)` },
    mustParse: { value: true, source: `${TABLE}, subtitles row: must parse as SRT / WebVTT` },
    altText: ALT_TEXT_NONE,
  },
};

/** Every media type some category takes, once each, in the table's order: what a file of no known type could be. */
export const ALL_ACCEPTED_TYPES: readonly string[] = [
  ...new Set(Object.values(CATEGORY_RULES).flatMap((rules) => rules.acceptedTypes.value)),
];

export function rulesFor(category: MediaCategory): CategoryRules {
  return CATEGORY_RULES[category];
}

/**
 * The Post category that fits a media type, as X assumes when none is sent (x-media-upload.md §1: "X then
 * assumes the Post category that matches the type"); null when the type is none X takes.
 */
export function defaultCategoryFor(mediaType: string | null, animated: boolean): MediaCategory | null {
  if (mediaType === 'image/gif') return animated ? 'tweet_gif' : 'tweet_image';
  if (mediaType !== null && (IMAGE_TYPES as readonly string[]).includes(mediaType)) return 'tweet_image';
  if (mediaType !== null && (VIDEO_TYPES as readonly string[]).includes(mediaType)) return 'tweet_video';
  if (mediaType === 'text/srt' || mediaType === 'text/vtt') return 'subtitles';
  return null;
}

/** The category of the same audience (Post or DM) that takes this kind of media. */
export function categoryForKind(kind: MediaKind, animated: boolean, audience: 'tweet' | 'dm'): MediaCategory | null {
  if (kind === 'subtitles') return 'subtitles';
  if (kind === 'video') return audience === 'dm' ? 'dm_video' : 'tweet_video';
  if (kind === 'gif' && animated) return audience === 'dm' ? 'dm_gif' : 'tweet_gif';
  if (kind === 'gif' || kind === 'image') return audience === 'dm' ? 'dm_image' : 'tweet_image';
  return null;
}
