// The command form of the upload flow: one URL, `command=INIT|APPEND|FINALIZE` in url-encoded or
// multipart fields (reference §1 v1.1 table). v2's `POST /2/media/upload` no longer takes it (§6: one-shot.ts).
import { apiErrors, type Dialect } from './api-errors.ts';
import { v1MediaObject, v2MediaData } from './media-views.ts';
import type { RateBucket } from './rate-limit.ts';
import { fromOutcome, json, refuseWith, type HandlerResult, type RouteContext } from './route.ts';
import type { AppendPart, UploadService } from './uploads.ts';

export interface UploadDeps {
  service: UploadService;
  now: () => number;
}

const BUCKETS: Readonly<Record<string, RateBucket>> = {
  INIT: 'initialize',
  APPEND: 'append',
  FINALIZE: 'finalize',
  STATUS: 'status',
};

export function commandBucket(command: string | null | undefined): RateBucket | null {
  return (command && BUCKETS[command]) || null;
}

/** Strict base64 (no URL alphabet); whitespace such as line breaks is ignored. */
export function decodeBase64(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return null;
  return Buffer.from(compact, 'base64');
}

/** `additional_owners` as a comma-separated list (v1.1 form). */
export function splitOwners(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
}

export function appendPart(context: RouteContext, base64: string | undefined): AppendPart | 'invalid' {
  if (context.file) return { kind: 'file', file: context.file };
  if (base64 === undefined) return null;
  const bytes = decodeBase64(base64);
  return bytes ? { kind: 'bytes', bytes } : 'invalid';
}

export function mediaView(dialect: Dialect, step: 'init' | 'finalize' | 'status', now: () => number) {
  return (record: Parameters<typeof v1MediaObject>[0]) =>
    json(dialect === 'v1' ? v1MediaObject(record, step, now()) : v2MediaData(record, step, now()));
}

export async function handleCommandForm(
  context: RouteContext,
  dialect: Dialect,
  deps: UploadDeps,
): Promise<HandlerResult> {
  const user = context.user;
  if (!user) throw new Error('command form reached without a user');
  const fields = context.fields;
  const command = fields.get('command');
  const mediaId = fields.get('media_id');
  switch (command) {
    case 'INIT':
      return fromOutcome(
        deps.service.init(user.userId, {
          mediaType: fields.get('media_type'),
          totalBytes: fields.get('total_bytes'),
          category: fields.get('media_category') || undefined,
          additionalOwners: splitOwners(fields.get('additional_owners')),
        }),
        mediaView(dialect, 'init', deps.now),
      );
    case 'APPEND': {
      const part = appendPart(context, fields.get('media_data'));
      if (part === 'invalid') {
        return refuseWith(apiErrors.invalidParameter('media_data parameter is invalid.'), 'APPEND with invalid base64');
      }
      const outcome = await deps.service.append(user.userId, mediaId, fields.get('segment_index'), part, dialect);
      // v1.1 APPEND answers 204 with no body (reference §1 v1.1 table).
      return fromOutcome(outcome, (record) =>
        dialect === 'v1' ? { status: 204 } : json({ data: { expires_at: Math.floor(record.expiresAt / 1000) } }),
      );
    }
    case 'FINALIZE':
      return fromOutcome(await deps.service.finalize(user.userId, mediaId), mediaView(dialect, 'finalize', deps.now));
    case 'STATUS':
      return refuseWith(apiErrors.invalidParameter('STATUS must be sent with GET.'), 'STATUS sent with POST');
    case undefined:
      return refuseWith(apiErrors.missingParameter('command'), 'upload request without command');
    default:
      return refuseWith(
        apiErrors.invalidParameter(`command ${command} is not supported.`),
        `unknown command ${command}`,
      );
  }
}

export function handleStatusQuery(context: RouteContext, dialect: Dialect, deps: UploadDeps): HandlerResult {
  const user = context.user;
  if (!user) throw new Error('STATUS reached without a user');
  const command = context.query.get('command');
  if (command !== 'STATUS') {
    return refuseWith(apiErrors.invalidParameter('command must be STATUS.'), `GET upload with command ${command}`);
  }
  const mediaId = context.query.get('media_id') ?? undefined;
  return fromOutcome(deps.service.status(user.userId, mediaId), mediaView(dialect, 'status', deps.now));
}
