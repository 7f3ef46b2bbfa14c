// The node side of validation: inspect the file, then apply the category's rules. A file that cannot be
// inspected is not an exception here: it is a result with a `file` finding saying why. Only cancelling
// (the caller's signal) rejects, with an XferFailure of kind 'cancelled'.
import { inspectFile, type InspectOptions } from './inspect.ts';
import { InspectionFailure } from './inspect-failure.ts';
import { categoryForKind, defaultCategoryFor } from './rules.ts';
import type { Inspection, MediaCategory, Tier, ValidationResult } from '../../common/media-types.ts';
import { validate } from './validate.ts';

export interface ValidateFileOptions extends InspectOptions {
  /** Without one, the Post category that fits what the bytes are (tweet_image when nothing fits). */
  category?: MediaCategory;
  tier: Tier;
  altText?: string | null;
}

export async function validateFile(path: string, options: ValidateFileOptions): Promise<ValidationResult> {
  let inspection: Inspection;
  try {
    inspection = await inspectFile(path, options);
  } catch (error) {
    // Cancelling is the caller's decision, not a fact about the file: it propagates.
    if (!(error instanceof InspectionFailure) || error.error.kind === 'cancelled') throw error;
    return validate(null, {
      category: options.category ?? 'tweet_image',
      tier: options.tier,
      altText: options.altText,
      inspectionError: error.message,
      inspectionErrorCode: error.code,
      file: path,
    });
  }
  const animated = inspection.gif?.animated ?? false;
  // A video X does not take (WebM) is still checked as video, so its findings say what to change.
  const category =
    options.category ??
    defaultCategoryFor(inspection.mediaType, animated) ??
    categoryForKind(inspection.kind, animated, 'tweet') ??
    'tweet_image';
  return validate(inspection, { category, tier: options.tier, altText: options.altText });
}
