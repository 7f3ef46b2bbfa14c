// The dialect-neutral upload service: INIT, APPEND, FINALIZE, STATUS and alt text over media
// records. Every refusal is a value (an ApiError plus the violation it records), and nothing is
// stored from a refused request. Rules cite the reference (§1 "Facts", §3).
import { rm } from 'node:fs/promises';
import { apiErrors, type ApiError, type Dialect } from './api-errors.ts';
import { mediaKeyFor } from './ids.ts';
import { isExpired, type MediaRecord } from './media-record.ts';
import { bytesMatchType } from './processing.ts';
import {
  CATEGORY_RULES,
  MAX_ADDITIONAL_OWNERS,
  MAX_ALT_TEXT,
  MAX_SEGMENT_BYTES,
  MAX_SEGMENT_INDEX,
  MAX_TOTAL_BYTES,
  implicitRule,
  isMediaType,
  normalizeCategory,
} from './rules.ts';
import type { SegmentFiles } from './segment-files.ts';
import type { UploadedFile } from './request-body.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ApiError; violation: string };

const refuse = (error: ApiError, violation: string): { ok: false; error: ApiError; violation: string } => ({
  ok: false,
  error,
  violation,
});

export interface InitParams {
  mediaType: string | undefined;
  totalBytes: string | number | undefined;
  category: string | undefined;
  additionalOwners: string[];
}

export type AppendPart = { kind: 'file'; file: UploadedFile } | { kind: 'bytes'; bytes: Buffer } | null;

export interface UploadServiceOptions {
  files: SegmentFiles;
  now: () => number;
  nextMediaId: () => string;
  processingMs: number;
  /** Seconds an upload has from INIT to FINALIZE. */
  expiresAfterSecs: number;
  /** Seconds a finalized media id stays usable. */
  finalizedExpiresAfterSecs: number;
  isKnownUser(userId: string): boolean;
}

const USER_ID = /^[0-9]{1,19}$/;
const MEDIA_ID = /^[0-9]{1,20}$/;

export function createUploadService(options: UploadServiceOptions) {
  const records = new Map<string, MediaRecord>();
  const finalizing = new Map<string, Promise<Outcome<MediaRecord>>>();

  /** Unknown, expired, and other users' media all read as "not found", as X answers (325). */
  function usable(userId: string, mediaId: string | undefined, command: string, write: boolean): Outcome<MediaRecord> {
    if (!mediaId) return refuse(apiErrors.missingParameter('media_id'), `${command} without media_id`);
    if (!MEDIA_ID.test(mediaId)) {
      return refuse(
        apiErrors.invalidParameter('media_id parameter is invalid.'),
        `${command} with media_id ${mediaId}`,
      );
    }
    const record = records.get(mediaId);
    if (!record) return refuse(apiErrors.mediaNotFound(), `${command} of unknown media id ${mediaId}`);
    if (isExpired(record, options.now())) {
      return refuse(apiErrors.mediaNotFound(), `${command} of expired media id ${mediaId}`);
    }
    const allowed = record.owner === userId || (!write && record.additionalOwners.includes(userId));
    if (!allowed) return refuse(apiErrors.mediaNotFound(), `${command} of media id ${mediaId} owned by another user`);
    return { ok: true, value: record };
  }

  function init(userId: string, params: InitParams): Outcome<MediaRecord> {
    const { mediaType, category: rawCategory } = params;
    if (!mediaType) return refuse(apiErrors.missingParameter('media_type'), 'INIT without media_type');
    if (!isMediaType(mediaType)) {
      return refuse(apiErrors.uploadService('media type unrecognized.'), `INIT with media_type ${mediaType}`);
    }
    if (params.totalBytes === undefined)
      return refuse(apiErrors.missingParameter('total_bytes'), 'INIT without total_bytes');
    const totalText = String(params.totalBytes);
    const totalBytes = /^[0-9]{1,12}$/.test(totalText) ? Number(totalText) : Number.NaN;
    if (!(totalBytes >= 1 && totalBytes <= MAX_TOTAL_BYTES)) {
      return refuse(
        apiErrors.invalidParameter('total_bytes parameter is invalid.'),
        `INIT with total_bytes ${totalText}`,
      );
    }
    const category = rawCategory ? normalizeCategory(rawCategory) : null;
    if (rawCategory && !category) {
      return refuse(
        apiErrors.invalidParameter('media_category parameter is invalid.'),
        `INIT with media_category ${rawCategory}`,
      );
    }
    const rule = category ? CATEGORY_RULES[category] : implicitRule(mediaType);
    if (!rule.types.includes(mediaType)) {
      return refuse(
        apiErrors.mediaValidation(`media_type ${mediaType} is not allowed for media_category ${rawCategory}.`),
        `INIT with media_type ${mediaType} in media_category ${rawCategory}`,
      );
    }
    if (totalBytes > rule.maxBytes) {
      return refuse(
        apiErrors.mediaValidation(`${rule.noun} file size must be <= ${rule.maxBytes} bytes`),
        `INIT with total_bytes ${totalBytes} over ${rule.maxBytes} for ${category ?? mediaType}`,
      );
    }
    if (params.additionalOwners.length > MAX_ADDITIONAL_OWNERS) {
      return refuse(
        apiErrors.invalidParameter(`additional_owners may list at most ${MAX_ADDITIONAL_OWNERS} users.`),
        `INIT with ${params.additionalOwners.length} additional_owners`,
      );
    }
    const unknownOwner = params.additionalOwners.find((id) => !USER_ID.test(id) || !options.isKnownUser(id));
    if (unknownOwner !== undefined) {
      return refuse(
        apiErrors.invalidParameter(`additional_owners contains an unknown user id: ${unknownOwner}.`),
        `INIT with unknown additional owner ${unknownOwner}`,
      );
    }
    const now = options.now();
    const id = options.nextMediaId();
    const record: MediaRecord = {
      id,
      mediaKey: mediaKeyFor(id, mediaType),
      owner: userId,
      additionalOwners: [...new Set(params.additionalOwners)],
      mediaType,
      category,
      categoryAsSent: rawCategory ?? null,
      async: rule.async,
      maxBytes: rule.maxBytes,
      totalBytes,
      createdAt: now,
      expiresAt: now + options.expiresAfterSecs * 1000,
      segments: new Map(),
      appendCount: 0,
      finalizedAt: null,
      processing: null,
      altText: null,
    };
    records.set(id, record);
    return { ok: true, value: record };
  }

  async function append(
    userId: string,
    mediaId: string | undefined,
    segmentIndex: string | undefined,
    part: AppendPart,
    dialect: Dialect,
    /** The one-shot upload takes its whole file as segment 0, past the APPEND maximum. */
    limit: number = MAX_SEGMENT_BYTES[dialect],
  ): Promise<Outcome<MediaRecord>> {
    const found = usable(userId, mediaId, 'APPEND', true);
    if (!found.ok) return found;
    const record = found.value;
    if (record.finalizedAt !== null || finalizing.has(record.id)) {
      return refuse(apiErrors.uploadService('Media id has already been finalized.'), 'APPEND after FINALIZE');
    }
    if (segmentIndex === undefined || segmentIndex === '') {
      return refuse(apiErrors.missingParameter('segment_index'), 'APPEND without segment_index');
    }
    const index = /^[0-9]{1,6}$/.test(segmentIndex) ? Number(segmentIndex) : Number.NaN;
    if (!(index >= 0 && index <= MAX_SEGMENT_INDEX)) {
      return refuse(
        apiErrors.uploadService('SegmentIndex must be between 0 and 999.'),
        `APPEND with segment_index ${segmentIndex}`,
      );
    }
    if (!part) return refuse(apiErrors.missingParameter('media'), 'APPEND without media');
    const size = part.kind === 'file' ? part.file.bytes : part.bytes.length;
    if ((part.kind === 'file' && part.file.truncated) || size > limit) {
      return refuse(
        apiErrors.uploadService(`Segment size must be <= ${limit} bytes.`, 413),
        `APPEND of a segment over ${limit} bytes (segment ${index})`,
      );
    }
    if (size === 0) return refuse(apiErrors.missingParameter('media'), `APPEND with an empty segment ${index}`);
    if (part.kind === 'file') await options.files.commit(record.id, index, part.file.path);
    else await options.files.writeSegment(record.id, index, part.bytes);
    record.segments.set(index, size);
    record.appendCount += 1;
    return { ok: true, value: record };
  }

  async function completeFinalize(record: MediaRecord): Promise<Outcome<MediaRecord>> {
    const count = record.segments.size;
    const indexes = Array.from({ length: count }, (_, index) => index);
    const missing = indexes.find((index) => !record.segments.has(index));
    const sum = [...record.segments.values()].reduce((total, bytes) => total + bytes, 0);
    const mismatch = apiErrors.uploadService('Segments do not add up to provided total file size.');
    if (count === 0) return refuse(mismatch, 'FINALIZE with no segments');
    if (missing !== undefined) return refuse(mismatch, `FINALIZE with missing segment ${missing}`);
    if (sum !== record.totalBytes) {
      return refuse(mismatch, `FINALIZE with ${sum} bytes in segments but total_bytes ${record.totalBytes}`);
    }
    const head = await options.files.head(record.id, 0, 16);
    const matches = bytesMatchType(head, record.mediaType);
    if (!record.async && !matches) {
      return refuse(
        apiErrors.uploadService('media type unrecognized.'),
        `FINALIZE of bytes that are not ${record.mediaType}`,
      );
    }
    const now = options.now();
    record.finalizedAt = now;
    record.expiresAt = now + options.finalizedExpiresAfterSecs * 1000;
    if (record.async) {
      record.processing = {
        startedAt: now,
        durationMs: options.processingMs,
        outcome: matches ? 'succeeded' : 'failed',
        mediaType: record.mediaType,
      };
    }
    return { ok: true, value: record };
  }

  /** A repeated FINALIZE answers like the first: safe for a client that lost the first answer. */
  async function finalize(userId: string, mediaId: string | undefined): Promise<Outcome<MediaRecord>> {
    const found = usable(userId, mediaId, 'FINALIZE', true);
    if (!found.ok) return found;
    const record = found.value;
    if (record.finalizedAt !== null) return found;
    let running = finalizing.get(record.id);
    if (!running) {
      running = completeFinalize(record).finally(() => finalizing.delete(record.id));
      finalizing.set(record.id, running);
    }
    return running;
  }

  function status(userId: string, mediaId: string | undefined): Outcome<MediaRecord> {
    const found = usable(userId, mediaId, 'STATUS', false);
    if (!found.ok) return found;
    if (found.value.finalizedAt === null) {
      return refuse(apiErrors.uploadService('Media id has not been finalized.'), 'STATUS before FINALIZE');
    }
    return found;
  }

  /** Alt text: at most 1,000 characters, images and GIFs only (reference §3). */
  function setAltText(userId: string, mediaId: string | undefined, text: unknown): Outcome<MediaRecord> {
    const found = usable(userId, mediaId, 'METADATA', false);
    if (!found.ok) return found;
    const record = found.value;
    if (typeof text !== 'string')
      return refuse(apiErrors.missingParameter('alt_text.text'), 'METADATA without alt_text.text');
    if ([...text].length > MAX_ALT_TEXT) {
      return refuse(
        apiErrors.invalidParameter(`alt_text.text must be at most ${MAX_ALT_TEXT} characters.`),
        'METADATA with alt text over 1000 characters',
      );
    }
    if (!record.mediaType.startsWith('image/')) {
      return refuse(apiErrors.invalidParameter('Alt text is only supported for images and GIFs.'), 'METADATA on video');
    }
    record.altText = text;
    return found;
  }

  return {
    records,
    init,
    append,
    finalize,
    status,
    setAltText,
    /** Drops a record made by a request that was refused after all (the one-shot's later steps). */
    forget: (mediaId: string) => void records.delete(mediaId),
    /** Deletes an uncommitted part; a no-op after `append` committed it. */
    discard: (file: UploadedFile | null) => (file ? rm(file.path, { force: true }) : Promise.resolve()),
  };
}

export type UploadService = ReturnType<typeof createUploadService>;
