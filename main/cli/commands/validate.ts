// `xfer validate FILE... [--category C] [--tier standard|premium] [--alt TEXT]`: the offline checks, no
// network. Exit 0 when every file passes, 1 when any fails, 2 on a usage error.
import { basename } from 'node:path';
import { validateFile } from '../../core/media/validate-file.ts';
import { formatBytes } from '../../common/format.ts';
import {
  categoryText,
  listedCategory,
  MEDIA_CATEGORIES,
  TIERS,
  type FieldCheck,
  type Finding,
  type MediaCategory,
  type Tier,
  type ValidationResult,
} from '../../common/media-types.ts';
import { type CliContext, type CommandRunner } from '../context.ts';
import { EXIT } from '../../common/exit-codes.ts';
import { parseCommand } from '../parse.ts';
import { isXferFailure } from '../../common/errors.ts';
import { printable } from '../../common/printable.ts';

export const USAGE = `Usage: xfer validate FILE... [--category C] [--tier standard|premium] [--alt TEXT]
Checks each file offline against X's rules: the real type from its bytes, size, and per category the
duration, dimensions, frame rate, codecs and frames. No network.
  --category C   ${MEDIA_CATEGORIES.join(', ')}
                 (default: the Post category that fits each file's detected type)
  --tier T       the posting account's tier: standard (default) or premium
  --alt TEXT     alt text to check (images and GIFs only, at most 1000 characters)
Exit 0 when every file passes, 1 when any fails, 2 on a usage error.`;

export const VALIDATE_OPTIONS = {
  category: { type: 'string' },
  tier: { type: 'string', default: 'standard' },
  alt: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

export const run: CommandRunner = async (argv, ctx) => {
  let parsed;
  try {
    parsed = parseCommand('validate', argv, VALIDATE_OPTIONS);
  } catch (thrown) {
    if (!isXferFailure(thrown)) throw thrown;
    return usageError(ctx, thrown.error.message);
  }
  const { values, positionals: files } = parsed;
  if (values.help) {
    ctx.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const category = values.category;
  if (category !== undefined && !isCategory(category)) {
    return usageError(ctx, `Unknown category "${category}" (known: ${MEDIA_CATEGORIES.join(', ')})`);
  }
  const tier = values.tier;
  if (!isTier(tier)) return usageError(ctx, `Unknown tier "${tier}" (known: ${TIERS.join(', ')})`);
  if (files.length === 0)
    return usageError(ctx, 'Name at least one file: xfer validate FILE... (see xfer validate --help)');

  const results: ValidationResult[] = [];
  for (const file of files) {
    const result = await validateFile(file, { category, tier, altText: values.alt ?? null, signal: ctx.signal });
    results.push(result);
    if (!ctx.json) ctx.stdout.write(describe(result));
  }
  if (ctx.json) ctx.stdout.write(`${JSON.stringify(results.map(listed))}\n`);
  return results.every((result) => result.ok) ? EXIT.ok : EXIT.failed;
};

function isCategory(word: string): word is MediaCategory {
  return (MEDIA_CATEGORIES as readonly string[]).includes(word);
}

function isTier(word: string | undefined): word is Tier {
  return (TIERS as readonly (string | undefined)[]).includes(word);
}

/** The same shape main.ts reports failures in, so scripts see one convention. */
function usageError(ctx: CliContext, message: string): typeof EXIT.usage {
  if (ctx.json) ctx.stdout.write(`${JSON.stringify({ error: { kind: 'bad_request', message } })}\n`);
  ctx.stderr.write(`xfer: ${message}\n`);
  return EXIT.usage;
}

/** The result as the JSON lists it: no category for a file of no recognised type (listedCategory), as elsewhere. */
function listed(result: ValidationResult): Omit<ValidationResult, 'category' | 'fields'> & {
  category: MediaCategory | null;
  fields: Omit<ValidationResult['fields'], 'media_category'> & { media_category: FieldCheck<MediaCategory | null> };
} {
  const category = listedCategory(result.category, result);
  return {
    ...result,
    category,
    fields: {
      ...result.fields,
      // Nor the stand-in's limit ("still image"): the window leaves it out too.
      media_category:
        category === null ? { value: null, status: result.fields.media_category.status } : result.fields.media_category,
    },
  };
}

const MARKS: Record<Finding['severity'], string> = { error: '✗', warning: '!' };

/** "✓ clip.mp4 — video/mp4, 1.2 MB, tweet_video" then one indented line per finding. */
export function describe(result: ValidationResult): string {
  const facts = [result.fields.media_type.value ?? 'unknown type'];
  if (result.fields.total_bytes.value !== null) facts.push(formatBytes(result.fields.total_bytes.value));
  facts.push(`${categoryText(result.category, result)} (${result.tier})`);
  const lines = [`${result.ok ? '✓' : '✗'} ${printable(basename(result.file))} — ${facts.join(', ')}`];
  for (const finding of result.findings) lines.push(`  ${MARKS[finding.severity]} ${printable(finding.message)}`);
  if (result.suggestedCategory !== null) lines.push(`  → try --category ${result.suggestedCategory}`);
  return `${lines.join('\n')}\n`;
}
