// The upload client's interface: one shape, two adapters (v2 default, v1.1 legacy).
// Every method makes exactly one signed request (fresh nonce and timestamp) and either
// resolves or throws an XferFailure whose error kind says what the caller can do.
// Retrying is the engine's job, not the client's.
import type { ApiVersion } from '../../common/account.ts';
import type { ConsumerCredentials, TokenCredentials } from '../oauth1/sign.ts';
import type { RateBudget } from './rate-budget.ts';
import type { BearerTokenSource } from './request-auth.ts';

export type { RateBudget };

/** Origins only (e.g. https://api.x.com, https://upload.twitter.com); the reference's paths are appended. */
export interface Endpoints {
  apiBase: string;
  uploadBase: string;
}

/** An OAuth 1.0a account's four secrets: every request is signed with them. */
export interface UserCredentials extends ConsumerCredentials, TokenCredentials {}

/** An OAuth 2.0 account: requests carry `Authorization: Bearer`, from a source that refreshes the token. */
export interface BearerCredentials {
  bearer: BearerTokenSource;
}

export type ClientCredentials = UserCredentials | BearerCredentials;

export function isBearer(credentials: ClientCredentials): credentials is BearerCredentials {
  return 'bearer' in credentials;
}

export interface InitRequest {
  totalBytes: number;
  mediaType: string;
  mediaCategory: string;
  /** User ids as decimal strings, at most 100. */
  additionalOwners: readonly string[];
}

export interface InitResult {
  /** Always the string form: ids exceed 2^53. */
  mediaId: string;
  mediaKey?: string;
  expiresAfterSecs: number;
}

export type ProcessingState = 'pending' | 'in_progress' | 'succeeded' | 'failed';

export interface ProcessingInfo {
  state: ProcessingState;
  checkAfterSecs?: number;
  progressPercent?: number;
  error?: { code?: number; name?: string; message?: string };
}

export interface MediaObject {
  mediaId: string;
  mediaKey?: string;
  size?: number;
  expiresAfterSecs?: number;
  processingInfo?: ProcessingInfo;
}

/** A byte range of a file on disk: the client reads it itself, never the whole file. */
export interface ChunkSource {
  path: string;
  start: number;
  length: number;
  /** The range's hash when it was prepared: bytes read that differ fail the APPEND as `file_changed`. */
  expectedHash?: string | undefined;
}

/** Paces a request's file bytes (the engine's bandwidth cap): resolves when `bytes` more may go out. */
export interface BytePacer {
  take(bytes: number, signal?: AbortSignal): Promise<void>;
  /** Whether a cap applies now: a capped body goes in smaller slices, so its rate stays smooth. Absent = capped. */
  capped?(): boolean;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** The file part's bytes go out only as fast as this allows (the time waiting does not count as a timeout). */
  pace?: BytePacer;
  /**
   * APPEND only: the chunk's bytes handed to the network so far (a running total, from 0 on every attempt),
   * as the body goes out. Not an acknowledgement: only X's answer is.
   */
  onBytesSent?: (bytes: number) => void;
  /** The per-user budget X's answer reported (x-rate-limit-remaining/-reset), when it sent one. */
  onRateBudget?: (budget: RateBudget) => void;
}

export interface Identity {
  userId: string;
  screenName: string;
  name?: string;
}

/** The one-shot upload's fields (reference §6): the type comes from the bytes, so there is no media_type. */
export interface OneShotRequest {
  mediaCategory: string;
  /** User ids as decimal strings, at most 100. */
  additionalOwners: readonly string[];
}

export interface UploadClient {
  readonly api: ApiVersion;
  init(request: InitRequest, options?: RequestOptions): Promise<InitResult>;
  /**
   * The whole file in one signed multipart request, read from disk as it is sent, answered like FINALIZE
   * (v2 only: reference §6). Not resumable: a failed one is sent again whole. Absent on v1.1.
   */
  uploadOnce?(request: OneShotRequest, file: ChunkSource, options?: RequestOptions): Promise<MediaObject>;
  append(mediaId: string, segmentIndex: number, chunk: ChunkSource, options?: RequestOptions): Promise<void>;
  finalize(mediaId: string, options?: RequestOptions): Promise<MediaObject>;
  status(mediaId: string, options?: RequestOptions): Promise<MediaObject>;
  setAltText(mediaId: string, text: string, options?: RequestOptions): Promise<void>;
  verifyCredentials(options?: RequestOptions): Promise<Identity>;
}
