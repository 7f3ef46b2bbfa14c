// One media id's state in the sandbox, and the report tests read through `inspect`.
import type { ProcessingInfo, ProcessingRun } from './processing.ts';
import { processingInfoAt } from './processing.ts';
import type { MediaCategory, MediaType } from './rules.ts';

export interface MediaRecord {
  id: string;
  mediaKey: string;
  owner: string;
  additionalOwners: string[];
  mediaType: MediaType;
  /** Normalised (snake_case) category, or null when the client sent none. */
  category: MediaCategory | null;
  /** The category exactly as the client spelled it. */
  categoryAsSent: string | null;
  async: boolean;
  maxBytes: number;
  totalBytes: number;
  createdAt: number;
  expiresAt: number;
  /** segment index → bytes */
  segments: Map<number, number>;
  appendCount: number;
  finalizedAt: number | null;
  processing: ProcessingRun | null;
  altText: string | null;
}

export type MediaState = 'uploading' | ProcessingInfo['state'] | 'expired';

export interface Violation {
  /** ms since epoch, from the sandbox clock */
  at: number;
  reason: string;
  route: string;
  userId: string | null;
  mediaId: string | null;
}

export interface MediaReport {
  mediaId: string;
  mediaKey: string;
  owner: string;
  additionalOwners: string[];
  mediaType: string;
  category: string | null;
  totalBytes: number;
  /** Indexes received, ascending. */
  segments: number[];
  /** segment index → bytes */
  segmentBytes: Record<number, number>;
  /** Every accepted APPEND, re-sends included. */
  appendCount: number;
  state: MediaState;
  altText: string | null;
  violations: Violation[];
}

export function isExpired(record: MediaRecord, now: number): boolean {
  return now >= record.expiresAt;
}

export function stateAt(record: MediaRecord, now: number): MediaState {
  if (isExpired(record, now)) return 'expired';
  if (record.finalizedAt === null) return 'uploading';
  if (!record.processing) return 'succeeded';
  return processingInfoAt(record.processing, now).state;
}

export function reportOf(record: MediaRecord, now: number, violations: Violation[]): MediaReport {
  const segments = [...record.segments.keys()].sort((a, b) => a - b);
  return {
    mediaId: record.id,
    mediaKey: record.mediaKey,
    owner: record.owner,
    additionalOwners: [...record.additionalOwners],
    mediaType: record.mediaType,
    category: record.category,
    totalBytes: record.totalBytes,
    segments,
    segmentBytes: Object.fromEntries(segments.map((index) => [index, record.segments.get(index) ?? 0])),
    appendCount: record.appendCount,
    state: stateAt(record, now),
    altText: record.altText,
    violations: violations.filter((violation) => violation.mediaId === record.id),
  };
}
