// The GIF rules over inspected GIF facts: an animated GIF belongs in a *_gif category, and over X's size and
// frame limits a GIF only warns (reference §3: X says it "may fail at Post creation", not at upload).
// Pure: findings only, no I/O.
import type { CategoryRules } from './rules.ts';
import type { Finding, GifFacts } from '../../common/media-types.ts';
import { formatNumber } from '../../common/format.ts';

export function checkGif(gif: GifFacts, rules: CategoryRules): Finding[] {
  const findings: Finding[] = [];
  if (gif.animated && rules.animatedGifCategory !== undefined) {
    findings.push({
      field: 'media_category',
      severity: 'error',
      code: 'gif.animated_in_image_category',
      message: `This GIF is animated (${gif.frames} frames); ${rules.category} takes still images only — use ${rules.animatedGifCategory.value}`,
      limit: 'still image (1 frame)',
      actual: gif.frames,
    });
  }
  if (rules.gif !== undefined) {
    const { maxDimensions, maxFrames, maxPixelFrames } = rules.gif;
    const warn = (code: string, message: string, limit: string | number, actual: string | number) =>
      findings.push({
        field: 'media_category',
        severity: 'warning',
        code,
        message: `${message} (X: may fail when posted)`,
        limit,
        actual,
      });
    const size = `${gif.width}×${gif.height}`;
    if (gif.width > maxDimensions.value.width || gif.height > maxDimensions.value.height) {
      warn(
        'gif.dimensions.too_large',
        `GIF is ${size}; X advises at most ${maxDimensions.value.width}×${maxDimensions.value.height}`,
        `${maxDimensions.value.width}×${maxDimensions.value.height}`,
        size,
      );
    }
    if (gif.frames > maxFrames.value) {
      warn(
        'gif.frames.too_many',
        `GIF has ${gif.frames} frames; X advises at most ${maxFrames.value}`,
        maxFrames.value,
        gif.frames,
      );
    }
    const pixelFrames = gif.width * gif.height * gif.frames;
    if (pixelFrames > maxPixelFrames.value) {
      warn(
        'gif.pixel_frames.too_many',
        `GIF is ${size} × ${gif.frames} frames = ${formatNumber(pixelFrames)} pixels in all; X advises at most ${formatNumber(maxPixelFrames.value)}`,
        maxPixelFrames.value,
        pixelFrames,
      );
    }
  }
  return findings;
}
