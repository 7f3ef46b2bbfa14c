// A small in-memory X for engine tests: one upload service shared by every account's client. It reads each
// APPEND's byte range from disk (as the real client does), assembles the bytes, records every call, and
// lets a test inject failures, 429s, expiry and processing.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Account } from '../../main/common/account.ts';
import { XferFailure, xferError } from '../../main/common/errors.ts';
import type { ErrorKind, XferError } from '../../main/common/errors.ts';
import type {
  ChunkSource,
  Identity,
  InitRequest,
  InitResult,
  MediaObject,
  ProcessingInfo,
  RequestOptions,
  UploadClient,
} from '../../main/core/x-api/types.ts';

export type FakeOperation = 'init' | 'append' | 'finalize' | 'status' | 'alt_text' | 'verify';

export interface FakeCall {
  operation: FakeOperation;
  accountId: string;
  mediaId?: string;
  segmentIndex?: number;
}

export interface FakeMedia {
  mediaId: string;
  accountId: string;
  totalBytes: number;
  mediaType: string;
  segments: Map<number, Buffer>;
  finalized: boolean;
  expired: boolean;
  altText: string | null;
  /** STATUS answers in_progress this many more times before the outcome. */
  pollsLeft: number;
  outcome: 'succeeded' | 'failed';
}

export interface FakeXOptions {
  initExpiresAfterSecs?: number;
  finalizeExpiresAfterSecs?: number;
  /** Whether FINALIZE reports async processing, and how many STATUS polls until it ends. */
  processing?: { polls: number; outcome: 'succeeded' | 'failed' } | null;
}

/** Runs before a call is served: throw an XferFailure to fail it, or await to hold it. */
export type BeforeHook = (call: FakeCall, signal: AbortSignal | undefined) => Promise<void> | void;

export function failure(kind: ErrorKind, message: string, extra: Partial<XferError> = {}): XferFailure {
  return new XferFailure(xferError(kind, message, extra));
}

export class FakeX {
  readonly calls: FakeCall[] = [];
  readonly media = new Map<string, FakeMedia>();
  options: Required<FakeXOptions>;
  before: BeforeHook | null = null;
  appendsInFlight = 0;
  maxAppendsInFlight = 0;
  #nextId = 1880028106020515840n;

  constructor(options: FakeXOptions = {}) {
    this.options = {
      initExpiresAfterSecs: options.initExpiresAfterSecs ?? 86_400,
      finalizeExpiresAfterSecs: options.finalizeExpiresAfterSecs ?? 86_400,
      processing: options.processing ?? null,
    };
  }

  /** Fails the next `count` calls of `operation` with `error` (then serves normally). */
  failNext(operation: FakeOperation, error: () => XferFailure, count = 1): void {
    let left = count;
    const previous = this.before;
    this.before = async (call, signal) => {
      if (call.operation === operation && left > 0) {
        left--;
        throw error();
      }
      await previous?.(call, signal);
    };
  }

  count(operation: FakeOperation, accountId?: string): number {
    return this.calls.filter((call) => call.operation === operation && (!accountId || call.accountId === accountId))
      .length;
  }

  appendedIndexes(mediaId?: string): number[] {
    return this.calls
      .filter((call) => call.operation === 'append' && (!mediaId || call.mediaId === mediaId))
      .map((call) => call.segmentIndex as number);
  }

  /** SHA-256 of the segments in index order, as X would assemble them. */
  sha256(mediaId: string): string {
    const media = this.#require(mediaId);
    const hash = createHash('sha256');
    for (let index = 0; index < media.segments.size; index++) hash.update(media.segments.get(index) ?? Buffer.alloc(0));
    return hash.digest('hex');
  }

  /** Pre-loads a media id X already knows, with some segments, as a crashed run would have left it. */
  seedMedia(mediaId: string, accountId: string, totalBytes: number, mediaType: string): FakeMedia {
    const media = this.#newMedia(mediaId, accountId, totalBytes, mediaType);
    this.media.set(mediaId, media);
    return media;
  }

  clientFor(account: Account): UploadClient {
    const call = async (entry: FakeCall, options: RequestOptions | undefined): Promise<void> => {
      options?.signal?.throwIfAborted();
      this.calls.push(entry);
      await this.before?.(entry, options?.signal);
      options?.signal?.throwIfAborted();
    };
    return {
      api: account.api,
      init: async (request: InitRequest, options?: RequestOptions): Promise<InitResult> => {
        await call({ operation: 'init', accountId: account.id }, options);
        const mediaId = String(this.#nextId++);
        this.media.set(mediaId, this.#newMedia(mediaId, account.id, request.totalBytes, request.mediaType));
        return { mediaId, expiresAfterSecs: this.options.initExpiresAfterSecs };
      },
      append: async (mediaId: string, segmentIndex: number, chunk: ChunkSource, options?: RequestOptions) => {
        this.appendsInFlight++;
        this.maxAppendsInFlight = Math.max(this.maxAppendsInFlight, this.appendsInFlight);
        try {
          await call({ operation: 'append', accountId: account.id, mediaId, segmentIndex }, options);
          const media = this.#usable(mediaId);
          media.segments.set(segmentIndex, await readRange(chunk));
        } finally {
          this.appendsInFlight--;
        }
      },
      finalize: async (mediaId: string, options?: RequestOptions): Promise<MediaObject> => {
        await call({ operation: 'finalize', accountId: account.id, mediaId }, options);
        const media = this.#usable(mediaId);
        let size = 0;
        for (let index = 0; index < media.segments.size; index++) {
          const segment = media.segments.get(index);
          if (!segment)
            throw failure('validation', 'Segments do not add up to provided total file size.', { status: 400 });
          size += segment.length;
        }
        if (size !== media.totalBytes) {
          throw failure('validation', 'Segments do not add up to provided total file size.', { status: 400 });
        }
        media.finalized = true;
        const result: MediaObject = { mediaId, size, expiresAfterSecs: this.options.finalizeExpiresAfterSecs };
        if (this.options.processing) result.processingInfo = { state: 'pending', checkAfterSecs: 1 };
        return result;
      },
      status: async (mediaId: string, options?: RequestOptions): Promise<MediaObject> => {
        await call({ operation: 'status', accountId: account.id, mediaId }, options);
        const media = this.#usable(mediaId);
        let info: ProcessingInfo;
        if (media.pollsLeft > 0) {
          media.pollsLeft--;
          info = { state: 'in_progress', checkAfterSecs: 1, progressPercent: 50 };
        } else if (media.outcome === 'failed') {
          info = { state: 'failed', error: { code: 1, name: 'InvalidMedia', message: 'Unsupported video format' } };
        } else info = { state: 'succeeded', progressPercent: 100 };
        return { mediaId, processingInfo: info, expiresAfterSecs: this.options.finalizeExpiresAfterSecs };
      },
      setAltText: async (mediaId: string, text: string, options?: RequestOptions) => {
        await call({ operation: 'alt_text', accountId: account.id, mediaId }, options);
        this.#usable(mediaId).altText = text;
      },
      verifyCredentials: async (options?: RequestOptions): Promise<Identity> => {
        await call({ operation: 'verify', accountId: account.id }, options);
        return { userId: '1', screenName: account.name };
      },
    };
  }

  #newMedia(mediaId: string, accountId: string, totalBytes: number, mediaType: string): FakeMedia {
    return {
      mediaId,
      accountId,
      totalBytes,
      mediaType,
      segments: new Map(),
      finalized: false,
      expired: false,
      altText: null,
      pollsLeft: this.options.processing?.polls ?? 0,
      outcome: this.options.processing?.outcome ?? 'succeeded',
    };
  }

  #require(mediaId: string): FakeMedia {
    const media = this.media.get(mediaId);
    if (!media) throw new Error(`fake X: no media ${mediaId}`);
    return media;
  }

  #usable(mediaId: string): FakeMedia {
    const media = this.media.get(mediaId);
    if (!media || media.expired)
      throw failure('not_found_or_expired', 'Media id not found.', { status: 404, code: 325 });
    return media;
  }
}

async function readRange(chunk: ChunkSource): Promise<Buffer> {
  const handle = await open(chunk.path, 'r');
  try {
    const buffer = Buffer.alloc(chunk.length);
    const { bytesRead } = await handle.read(buffer, 0, chunk.length, chunk.start);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
