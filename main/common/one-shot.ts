// Which media categories X's one-shot `POST /2/media/upload` takes (reference §6: X's OpenAPI v2.167, and
// since 2026-08-07 the GIF and video ones too). Shared by the sandbox (what it accepts) and the engine
// (what it sends that way).
export const ONE_SHOT_CATEGORIES: readonly string[] = [
  'tweet_image',
  'dm_image',
  'subtitles',
  'tweet_video',
  'tweet_gif',
  'dm_video',
  'dm_gif',
];

export function oneShotTakes(category: string): boolean {
  return ONE_SHOT_CATEGORIES.includes(category);
}
