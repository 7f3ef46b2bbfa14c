// The session: one prepared upload, durable in the ledger, shown to the renderer as a view.
import type { ApiVersion } from './account.ts';
import type { ConversionRecord } from './conversion.ts';
import type { XferError } from './errors.ts';
import type { MediaCategory, ValidationResult } from './media-types.ts';

export const SESSION_STATES = [
  'draft', // validation failed: reasons kept, cannot be sent until fixed
  'ready', // validated, waiting to be sent (or for a connection)
  'uploading',
  'finalizing',
  'processing',
  'succeeded',
  'failed',
  'cancelled',
  'expired',
] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export interface FileFingerprint {
  size: number;
  mtimeMs: number;
  /** SHA-256 (hex) of the first and last MiB. */
  edgeHash: string;
}

export interface Session {
  id: string;
  state: SessionState;
  file: string;
  fingerprint: FileFingerprint;
  accountId: string | null; // null once its account is removed: listed, not sendable until reassigned
  api: ApiVersion;
  totalBytes: number;
  mediaType: string;
  mediaCategory: MediaCategory;
  additionalOwners: string[];
  altText: string | null;
  validation: ValidationResult | null;
  mediaId: string | null;
  /** ms since epoch; the media id is unusable after it. */
  expiresAt: number | null;
  chunkSize: number;
  segmentsTotal: number;
  segmentsAcked: number;
  bytesAcked: number;
  attempts: number;
  processingPercent: number | null;
  error: XferError | null;
  /**
   * A remark from the engine that is not an error, shown beside the state: "Waiting for connection",
   * "Media id expired; started over with a new INIT". Null when there is nothing to say. (Added by the engine helper.)
   */
  notice: string | null;
  /** Set when `file` is a copy Xfer made to fit X ("converted from …"): the original and the settings used. */
  conversion: ConversionRecord | null;
  createdAt: number;
  updatedAt: number;
}

/** Each segment's hash (hex, in order) as taken under one chunk size. */
export interface SegmentHashes {
  chunkSize: number;
  algorithm: string;
  hashes: string[];
}
