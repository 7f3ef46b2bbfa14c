// Picture size for X's video box: fit within 1280×1024 (or 1024×1280 portrait), aspect kept, square pixels,
// even dimensions (H.264 4:2:0 needs them). Pure.
import type { VideoRules } from '../media/rules.ts';
import type { Tier } from '../../common/media-types.ts';
import type { Size } from '../../common/conversion.ts';

export interface PictureFacts {
  width: number;
  height: number;
  pixelAspectRatio: number | null;
}

/**
 * The size to scale to, and the words for it; null when the picture already fits. `overIsError` is false where
 * the tier makes "too large" only a warning (premium): then the size is kept, the smallest change.
 */
export function fitInBox(
  facts: PictureFacts,
  rules: VideoRules,
  tier: Tier,
  overIsError: boolean,
): { size: Size; describe: string } | null {
  const par = facts.pixelAspectRatio !== null && facts.pixelAspectRatio > 0 ? facts.pixelAspectRatio : 1;
  const squarePixels = Math.abs(par - 1) <= 1e-3;
  // Square pixels first: the width a player would show.
  const shownWidth = facts.width * par;
  const shownHeight = facts.height;
  const { width: boxLong, height: boxShort } = rules.maxDimensions.value;
  const landscape = shownWidth >= shownHeight;
  const maxWidth = landscape ? boxLong : boxShort;
  const maxHeight = landscape ? boxShort : boxLong;
  const { width: minWidth, height: minHeight } = rules.minDimensions.value;

  let factor = 1;
  const over = shownWidth > maxWidth || shownHeight > maxHeight;
  if (over && (overIsError || rules.overMaxDimensions.value[tier] === 'error')) {
    factor = Math.min(maxWidth / shownWidth, maxHeight / shownHeight);
  } else if (shownWidth < minWidth || shownHeight < minHeight) {
    factor = Math.max(minWidth / shownWidth, minHeight / shownHeight);
  }
  // Odd sizes that fit are the encoder's business (the runner rounds them), not a reason to re-encode.
  if (factor === 1 && squarePixels) return null;
  const width = even(shownWidth * factor, factor < 1);
  const height = even(shownHeight * factor, factor < 1);
  const from = `${facts.width}×${facts.height}`;
  const why = squarePixels ? 'aspect kept' : `square pixels, was ${Math.round(par * 1000) / 1000}:1`;
  return { size: { width, height }, describe: `Scaled ${from} → ${width}×${height} (${why})` };
}

/** Rounds to an even number: down when shrinking (stay inside the box), up when growing (reach the minimum). */
function even(value: number, shrinking: boolean): number {
  const rounded = shrinking ? Math.floor(value / 2) * 2 : Math.ceil(Math.round(value * 1000) / 1000 / 2) * 2;
  return Math.max(2, rounded);
}
