// One file made to fit X: validate → plan → ffmpeg into a hidden partial file in the output folder →
// validate the result for its category → rename into place. The original is only ever read; a cancel or a
// failure removes the partial file, so no half-written output is ever left or picked up.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { fail } from '../../common/errors.ts';
import type { MediaCategory, Tier, ValidationResult } from '../../common/media-types.ts';
import { validateFile } from '../media/validate-file.ts';
import { imageArgs, imageAttempts, videoArgs } from './ffmpeg-args.ts';
import { describeTool, type FfmpegTool } from './ffmpeg-tool.ts';
import { Limiter } from './limiter.ts';
import { planConversion } from './plan.ts';
import { probe, type ProbeFacts } from './probe.ts';
import { runFfmpeg, type ConversionProgress } from './run-ffmpeg.ts';
import type { ConversionPlan, ConversionRecord } from '../../common/conversion.ts';

export interface ConvertOptions {
  tool: FfmpegTool;
  outDir: string;
  tier: Tier;
  /** Without one, the category that fits what the bytes are. */
  category?: MediaCategory | undefined;
  /** The user agreed to what plan.needsConfirmation says (a trim). */
  confirmed?: boolean | undefined;
  /** How this caller's user agrees, said when they have not (the CLI names its flag). */
  howToConfirm?: string | undefined;
  /** 'plain' writes NAME-fit.EXT (the CLI's --out); 'keyed' names it by the source's hash and the plan, so the
   *  same conversion is found again instead of run twice (the data folder). */
  naming?: 'plain' | 'keyed';
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: ConversionProgress) => void) | undefined;
  /** Shared by every conversion of one process: at most one per core. */
  limiter?: Limiter;
  /** Already computed by the caller (a session's stored validation is not enough: the file is re-read). */
  validation?: ValidationResult;
}

export type ConvertOutcome =
  | { status: 'fits'; validation: ValidationResult }
  | {
      status: 'converted';
      output: string;
      plan: ConversionPlan;
      /** The result's own validation (always ok). */
      validation: ValidationResult;
      record: ConversionRecord;
      /** The same conversion was already in the folder: nothing ran. */
      reused: boolean;
    };

const defaultLimiter = new Limiter();

export async function convertFile(input: string, options: ConvertOptions): Promise<ConvertOutcome> {
  const validation =
    options.validation ??
    (await validateFile(input, { tier: options.tier, ...(options.category && { category: options.category }) }));
  const facts = await probeIfNeeded(options.tool, validation, input, options.signal);
  const outcome = planConversion(validation, { probed: facts?.video ?? undefined });
  if (outcome.kind === 'fits') return { status: 'fits', validation };
  if (outcome.kind === 'cannot') fail('validation', `${basename(input)}: ${outcome.message}`);
  const plan = adjustForAlpha(outcome.plan, facts);
  if (plan.needsConfirmation !== null && options.confirmed !== true) {
    fail(
      'validation',
      `${basename(input)} needs a trim: ${plan.needsConfirmation}. ${options.howToConfirm ?? 'Confirm it to convert.'}`,
    );
  }

  await mkdir(options.outDir, { recursive: true });
  const fromSha256 = await sha256(input, options.signal);
  const planArgs = plan.steps.kind === 'image' ? ['image', plan.steps.format] : videoArgs(plan, 'IN', 'OUT');
  const key = createHash('sha256').update(fromSha256).update(JSON.stringify(planArgs)).digest('hex').slice(0, 10);
  const output = await outputPath(input, plan, options.outDir, options.naming ?? 'plain', key);

  if (options.naming === 'keyed') {
    const existing = await validIfPresent(output, plan);
    if (existing !== null) {
      options.onProgress?.({ percent: 100, etaSec: 0, doneSec: 0 });
      const record = recordOf(
        input,
        fromSha256,
        plan,
        options.tool,
        videoLike(plan) ? videoArgs(plan, input, output) : [],
      );
      return { status: 'converted', output, plan, validation: existing, record, reused: true };
    }
  }

  const limiter = options.limiter ?? defaultLimiter;
  return limiter.run(async () => {
    const partial = join(options.outDir, `.partial-${randomUUID()}.${plan.extension}`);
    try {
      const args =
        plan.steps.kind === 'image'
          ? await runImage(options.tool, input, partial, plan, options)
          : await runVideo(options.tool, input, partial, plan, validation, facts, options);
      const result = await validateFile(partial, { tier: plan.tier, category: plan.category });
      if (!result.ok) {
        const why = result.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.message);
        fail('validation', `${basename(input)}: cannot be converted: the result still fails (${why.join('; ')})`);
      }
      await rename(partial, output);
      return {
        status: 'converted' as const,
        output,
        plan,
        validation: {
          ...result,
          file: output,
          ...(result.inspection && { inspection: { ...result.inspection, path: output, name: basename(output) } }),
        },
        record: recordOf(
          input,
          fromSha256,
          plan,
          options.tool,
          args.map((arg) => (arg === partial ? output : arg)),
        ),
        reused: false,
      };
    } finally {
      await rm(partial, { force: true });
    }
  }, options.signal);
}

function videoLike(plan: ConversionPlan): boolean {
  return plan.steps.kind !== 'image';
}

async function runVideo(
  tool: FfmpegTool,
  input: string,
  partial: string,
  plan: ConversionPlan,
  validation: ValidationResult,
  facts: ProbeFacts | null,
  options: ConvertOptions,
): Promise<string[]> {
  const args = videoArgs(plan, input, partial, { fps: facts?.video?.fps ?? null });
  const full = validation.inspection?.video?.durationSec ?? facts?.durationSec ?? null;
  const trim = plan.steps.kind === 'video' ? plan.steps.trimSec : null;
  const durationSec = full === null ? trim : trim === null ? full : Math.min(full, trim);
  await runFfmpeg(tool.ffmpeg, args, { durationSec, signal: options.signal, onProgress: options.onProgress });
  return args;
}

/** JPEG (or PNG) attempts, best first, until one is under the byte limit. */
async function runImage(
  tool: FfmpegTool,
  input: string,
  partial: string,
  plan: ConversionPlan,
  options: ConvertOptions,
): Promise<string[]> {
  if (plan.steps.kind !== 'image') throw new Error('runImage: not an image plan');
  const attempts = imageAttempts(plan.steps.format);
  for (const [index, attempt] of attempts.entries()) {
    const args = imageArgs(input, partial, attempt);
    await runFfmpeg(tool.ffmpeg, args, { durationSec: null, signal: options.signal });
    options.onProgress?.({ percent: Math.round(((index + 1) / attempts.length) * 99), etaSec: null, doneSec: 0 });
    if ((await stat(partial)).size <= plan.steps.maxBytes) {
      const chosen = `${attempt.format === 'jpeg' ? `JPEG quality ${attempt.quality}` : 'PNG'}${attempt.scale < 1 ? `, scaled to ${Math.round(attempt.scale * 100)} %` : ''}`;
      plan.changes.push(`Encoded as ${chosen}`);
      return args;
    }
  }
  fail(
    'validation',
    `${basename(input)}: cannot be converted: even at ${Math.round(attempts.at(-1)!.scale * 100)} % size it is over the limit`,
  );
}

/** A picture with transparency stays PNG (smaller), never a JPEG that would flatten it on black. */
function adjustForAlpha(plan: ConversionPlan, facts: ProbeFacts | null): ConversionPlan {
  if (plan.steps.kind !== 'image' || plan.steps.format === 'png' || facts?.hasAlpha !== true) return plan;
  return {
    ...plan,
    steps: { ...plan.steps, format: 'png' },
    extension: 'png',
    mediaType: 'image/png',
    changes: [...plan.changes, 'Kept as PNG: the picture has transparency'],
  };
}

async function probeIfNeeded(
  tool: FfmpegTool,
  validation: ValidationResult,
  input: string,
  signal: AbortSignal | undefined,
): Promise<ProbeFacts | null> {
  const inspection = validation.inspection;
  if (inspection === null || inspection.mediaType === null) return null;
  const needsFacts =
    (inspection.mediaType.startsWith('video/') && inspection.video === undefined) ||
    inspection.kind === 'image' ||
    inspection.kind === 'gif';
  return needsFacts ? probe(tool, input, signal) : null;
}

async function outputPath(
  input: string,
  plan: ConversionPlan,
  outDir: string,
  naming: 'plain' | 'keyed',
  key: string,
): Promise<string> {
  const stem = basename(input, extname(input));
  if (naming === 'keyed') return join(outDir, `${stem}-fit-${key}.${plan.extension}`);
  // Never the original's own path, never another file already there.
  for (let index = 1; ; index += 1) {
    const candidate = join(outDir, `${stem}-fit${index === 1 ? '' : `-${index}`}.${plan.extension}`);
    if (candidate === input) continue;
    const taken = await stat(candidate).then(
      () => true,
      () => false,
    );
    if (!taken) return candidate;
  }
}

async function validIfPresent(path: string, plan: ConversionPlan): Promise<ValidationResult | null> {
  const present = await stat(path).then(
    () => true,
    () => false,
  );
  if (!present) return null;
  const result = await validateFile(path, { tier: plan.tier, category: plan.category });
  return result.ok ? result : null;
}

function recordOf(
  input: string,
  fromSha256: string,
  plan: ConversionPlan,
  tool: FfmpegTool,
  args: string[],
): ConversionRecord {
  return { from: input, fromSha256, plan, tool: describeTool(tool), args, at: Date.now() };
}

export async function sha256(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, ...(signal && { signal }) })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
