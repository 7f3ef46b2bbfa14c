// Waiting for X to process uploaded media (reference §1 "Processing"): poll STATUS no
// sooner than check_after_secs, report progress, and give up at a cap instead of forever.
import { setTimeout as delay } from 'node:timers/promises';
import { fail, XferFailure, xferError } from '../../common/errors.ts';
import { processingFailure } from './response-errors.ts';
import type { MediaObject, ProcessingInfo, UploadClient } from './types.ts';

export interface WaitForProcessingOptions {
  /** Injected so tests need no real time; must reject when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Total waiting allowed before giving up (default 30 min). */
  maxWaitMs?: number;
  /** The longest single wait, whatever check_after_secs says (default 60 s). */
  maxIntervalMs?: number;
  onProgress?: (info: ProcessingInfo) => void;
  signal?: AbortSignal;
}

export const MIN_POLL_INTERVAL_MS = 1_000;
export const DEFAULT_MAX_POLL_INTERVAL_MS = 60_000;
export const DEFAULT_MAX_PROCESSING_WAIT_MS = 30 * 60_000;

async function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, signal ? { signal } : {});
}

/** How long to wait before the next STATUS: check_after_secs, at least 1 s, at most the cap. */
export function pollDelayMs(info: ProcessingInfo, maxIntervalMs = DEFAULT_MAX_POLL_INTERVAL_MS): number {
  const asked = (info.checkAfterSecs ?? 0) * 1000;
  return Math.min(Math.max(asked, MIN_POLL_INTERVAL_MS), Math.max(maxIntervalMs, MIN_POLL_INTERVAL_MS));
}

/**
 * Returns the media object once processing succeeded (or when X reports none), throws
 * `processing_failed` with X's words when it failed, and a retryable `server` error when
 * processing is still running at the cap (the media id stays valid; STATUS can resume).
 */
export async function waitForProcessing(
  client: Pick<UploadClient, 'status'>,
  mediaId: string,
  first: MediaObject,
  options: WaitForProcessingOptions = {},
): Promise<MediaObject> {
  const sleep = options.sleep ?? defaultSleep;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_PROCESSING_WAIT_MS;
  let current = first;
  let waitedMs = 0;
  for (;;) {
    const info = current.processingInfo;
    if (!info || info.state === 'succeeded') {
      if (info) options.onProgress?.(info);
      return current;
    }
    if (info.state === 'failed') throw new XferFailure(processingFailure(info));
    options.onProgress?.(info);
    const wait = pollDelayMs(info, options.maxIntervalMs);
    if (waitedMs + wait > maxWaitMs) {
      fail('server', `processing still running after ${Math.round(waitedMs / 1000)} s`, { retryable: true });
    }
    try {
      await sleep(wait, options.signal);
    } catch (thrown) {
      if (options.signal?.aborted) throw new XferFailure(xferError('cancelled', 'waiting for processing: cancelled'));
      throw thrown;
    }
    if (options.signal?.aborted) fail('cancelled', 'waiting for processing: cancelled');
    waitedMs += wait;
    current = await client.status(mediaId, options.signal ? { signal: options.signal } : {});
  }
}
