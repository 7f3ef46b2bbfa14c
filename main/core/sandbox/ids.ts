// Media ids are 64-bit and start above 2^53 (reference §1 "Media ids are 64-bit"), so a client
// that reads them as JavaScript numbers gets a wrong id from the sandbox, as it would from X.
// They are time-based like X's own (Snowflake: milliseconds since X's epoch, a worker number and a
// per-millisecond sequence), so a sandbox started again — or a second one — never hands out an id
// an earlier one gave: a client that kept an old media id cannot mistake it for a new upload.
import { randomInt } from 'node:crypto';

export const FIRST_MEDIA_ID = 1880028106020515840n;

/** X's Snowflake epoch (2010-11-04T01:42:54.657Z). */
const SNOWFLAKE_EPOCH_MS = 1288834974657n;
const WORKER_BITS = 10n;
const SEQUENCE_BITS = 12n;

export interface MediaIdOptions {
  /** The clock the ids carry; the sandbox's own. */
  now?: () => number;
  /** No id is lower than this (a test clock near 1970 still yields ids above 2^53). */
  floor?: bigint;
  /** 0–1023; random by default, so two sandboxes started in the same millisecond still differ. */
  worker?: number;
}

/** The millisecond a Snowflake id was made at (ms since the Unix epoch). */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> (WORKER_BITS + SEQUENCE_BITS)) + SNOWFLAKE_EPOCH_MS);
}

/** Time-based, strictly increasing ids: never the same twice, even when the clock stands still or steps back. */
export function createSnowflakeIds(options: MediaIdOptions = {}): () => string {
  const { now = Date.now, floor = FIRST_MEDIA_ID, worker = randomInt(1024) } = options;
  const workerBits = BigInt(worker) << SEQUENCE_BITS;
  let last = floor - 1n;
  return () => {
    const fromClock = ((BigInt(Math.floor(now())) - SNOWFLAKE_EPOCH_MS) << (WORKER_BITS + SEQUENCE_BITS)) | workerBits;
    // The clock's id when it moved on; otherwise the next one after the last (same ms, or a clock set back).
    const id = fromClock > last ? fromClock : last + 1n;
    last = id;
    return id.toString();
  };
}

/** Consecutive ids from `first` (the sandbox's post ids). */
export function createMediaIdSequence(first: bigint = FIRST_MEDIA_ID): () => string {
  let next = first;
  return () => {
    const id = next;
    next += 1n;
    return id.toString();
  };
}

/** X's media keys are `<type prefix>_<id>`: 3 for images, 7 for video, 16 for GIFs. */
export function mediaKeyFor(mediaId: string, mediaType: string): string {
  const prefix = mediaType.startsWith('video/') ? '7' : mediaType === 'image/gif' ? '16' : '3';
  return `${prefix}_${mediaId}`;
}

/** A JSON number written with exact digits (JSON.stringify cannot write a BigInt). */
export function exactNumber(digits: string): unknown {
  if (!/^[0-9]+$/.test(digits)) throw new Error(`not an integer: ${digits}`);
  return (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON(digits);
}
