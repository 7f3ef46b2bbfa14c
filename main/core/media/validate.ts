// Inspection facts + a category's rules → what X will say, in plain words. Pure and renderer-safe: the
// renderer calls this for instant feedback; the node side (validate-file.ts) feeds it inspectFile's result.
import { ALL_ACCEPTED_TYPES, categoryForKind, rulesFor, type CategoryRules } from './rules.ts';
import type {
  FieldCheck,
  Finding,
  Inspection,
  MediaCategory,
  Severity,
  Tier,
  ValidationResult,
} from '../../common/media-types.ts';
import { checkAltText } from './validate-alt-text.ts';
import { checkGif } from './validate-gif.ts';
import { checkVideo } from './validate-video.ts';
import { formatBytes } from '../../common/format.ts';

export interface ValidateOptions {
  category: MediaCategory;
  tier: Tier;
  altText?: string | null;
  /** Why inspection failed, when it did (then `inspection` is null): becomes a `file` finding. */
  inspectionError?: string;
  /** A stable code for that failure (e.g. "file.missing"); "file.unreadable" when absent. */
  inspectionErrorCode?: string;
  /** The file's path, for the result when inspection is null. */
  file?: string;
}

export function validate(inspection: Inspection | null, options: ValidateOptions): ValidationResult {
  const { category, tier } = options;
  const rules = rulesFor(category);
  const findings: Finding[] = [];
  let suggestedCategory: MediaCategory | null = null;

  if (inspection === null) {
    findings.push({
      field: 'file',
      severity: 'error',
      code: options.inspectionErrorCode ?? 'file.unreadable',
      message: options.inspectionError ?? 'The file could not be read',
    });
  } else {
    // A file of no known type is not held to a category's size: the category was only a fallback, and its
    // limit ("tweet_image allows at most 5 MB" for a 6 MB archive) would send the user after the wrong fix.
    if (inspection.mediaType !== null) findings.push(...checkSize(inspection, rules, tier));
    findings.push(...checkType(inspection, rules));
    findings.push(...checkContent(inspection, rules, tier));
    suggestedCategory = suggestCategory(inspection, rules);
  }
  findings.push(...checkAltText(options.altText, rules));

  const byteLimit = rules.maxBytes.value[tier];
  return {
    file: inspection?.path ?? options.file ?? '',
    ok: !findings.some((finding) => finding.severity === 'error'),
    category,
    tier,
    fields: {
      total_bytes: field(
        inspection?.totalBytes ?? null,
        findings,
        'total_bytes',
        `at most ${formatBytes(byteLimit)}`,
        inspection,
      ),
      media_type: field(
        inspection?.mediaType ?? null,
        findings,
        'media_type',
        typeLimit(inspection, rules),
        inspection,
      ),
      media_category: field(category, findings, 'media_category', describeCategory(rules, tier), inspection),
    },
    findings,
    suggestedCategory: suggestedCategory === category ? null : suggestedCategory,
    inspection,
  };
}

function field<T>(
  value: T,
  findings: Finding[],
  name: Finding['field'],
  limit: string,
  inspection: Inspection | null,
): FieldCheck<T> {
  let status: Severity = inspection === null && name !== 'media_category' ? 'error' : 'ok';
  for (const finding of findings) {
    if (finding.field !== name) continue;
    if (finding.severity === 'error') status = 'error';
    else if (status === 'ok') status = 'warning';
  }
  return { value, status, limit };
}

function checkSize(inspection: Inspection, rules: CategoryRules, tier: Tier): Finding[] {
  const limit = rules.maxBytes.value[tier];
  if (inspection.totalBytes <= limit) return [];
  const premium = rules.maxBytes.value.premium;
  const note =
    tier === 'standard' && premium > limit && inspection.totalBytes <= premium
      ? ` (premium accounts: ${formatBytes(premium)})`
      : '';
  return [
    {
      field: 'total_bytes',
      severity: 'error',
      code: 'total_bytes.too_large',
      message: `File is ${formatBytes(inspection.totalBytes)}; ${rules.category} allows at most ${formatBytes(limit)}${note}`,
      limit,
      actual: inspection.totalBytes,
    },
  ];
}

/** What the media type must be: the category's types, or for bytes of no known type every type X takes. */
function typeLimit(inspection: Inspection | null, rules: CategoryRules): string {
  return (inspection?.mediaType === null ? ALL_ACCEPTED_TYPES : rules.acceptedTypes.value).join(', ');
}

function checkType(inspection: Inspection, rules: CategoryRules): Finding[] {
  const findings: Finding[] = [];
  const { mediaType, extensionType, name } = inspection;
  if (mediaType === null) {
    const claim = extensionType === null ? '' : ` (its name suggests ${extensionType})`;
    findings.push({
      field: 'media_type',
      severity: 'error',
      code: 'media_type.unrecognized',
      message: `${name} is not a media file X accepts: its bytes match no known image, video or subtitle format${claim}`,
      limit: typeLimit(inspection, rules),
      actual: 'unknown',
    });
    return findings;
  }
  if (extensionType !== null && extensionType !== mediaType) {
    findings.push({
      field: 'media_type',
      severity: 'warning',
      code: 'media_type.extension_mismatch',
      message: `${name} is named like ${extensionType} but its bytes are ${mediaType}; Xfer sends media_type ${mediaType}`,
      limit: mediaType,
      actual: extensionType,
    });
  }
  if (!rules.acceptedTypes.value.includes(mediaType)) {
    findings.push({
      field: 'media_category',
      severity: 'error',
      code: 'media_category.type_not_accepted',
      message: `File is ${mediaType}; ${rules.category} accepts ${rules.acceptedTypes.value.join(', ')}`,
      limit: rules.acceptedTypes.value.join(', '),
      actual: mediaType,
    });
  }
  return findings;
}

function checkContent(inspection: Inspection, rules: CategoryRules, tier: Tier): Finding[] {
  if (!rules.acceptedTypes.value.includes(inspection.mediaType ?? '')) return [];
  const findings: Finding[] = [];
  const { gif, video, subtitles } = inspection;
  if (gif !== undefined) findings.push(...checkGif(gif, rules));
  if (video !== undefined && rules.video !== undefined) {
    findings.push(...checkVideo(video, rules.video, rules.category, tier));
  }
  if (rules.mustParse !== undefined && subtitles !== undefined) {
    if (subtitles.problem !== undefined) {
      findings.push({
        field: 'file',
        severity: 'error',
        code: 'subtitles.malformed',
        message: `Not valid ${subtitles.format === 'srt' ? 'SRT' : 'WebVTT'}: ${subtitles.problem}`,
      });
    } else if (subtitles.cues === 0) {
      findings.push({
        field: 'file',
        severity: 'error',
        code: 'subtitles.empty',
        message: 'The subtitle file has no cues',
      });
    }
  }
  return findings;
}

/** When the chosen category does not fit what the bytes are, the category of the same audience that does. */
function suggestCategory(inspection: Inspection, rules: CategoryRules): MediaCategory | null {
  const animated = inspection.gif?.animated ?? false;
  const fits =
    rules.acceptedTypes.value.includes(inspection.mediaType ?? '') &&
    !(animated && rules.animatedGifCategory !== undefined);
  if (fits || inspection.mediaType === null) return null;
  return categoryForKind(inspection.kind, animated, rules.category.startsWith('dm_') ? 'dm' : 'tweet');
}

function describeCategory(rules: CategoryRules, tier: Tier): string {
  const video = rules.video;
  if (video !== undefined) {
    const duration = video.durationSec.value[tier];
    const max = video.maxDimensions.value;
    return `H.264 video, ${duration.min}–${duration.max} s, ≤ ${video.maxFps.value} fps, up to ${max.width}×${max.height}`;
  }
  if (rules.kind === 'image') return 'still image';
  if (rules.kind === 'gif') return 'GIF (still or animated)';
  return 'SRT or WebVTT subtitles';
}
