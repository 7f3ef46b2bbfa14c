// How a file is cut into APPEND segments. Pure.
// Reference §1 "Segments": segment_index is 0..999; keep segments ≤ 5 MB, the v2 server maximum is 8 MB.
// Ruling: 5 MiB chunks while they fit in 1,000 segments, then the smallest chunk ≤ 8 MiB that fits;
// a file that needs more refuses. (Chunk size is also a rate-limit budget: every APPEND counts, §2.)
import { fail } from '../../common/errors.ts';
import type { ApiVersion } from '../../common/account.ts';

export const MIB = 1024 * 1024;
export const PREFERRED_CHUNK_BYTES = 5 * MIB;
export const MAX_CHUNK_BYTES = 8 * MIB;
/** v1.1 takes segments of at most 5 MB (reference §1): there the preferred size is also the largest. */
export const MAX_CHUNK_BYTES_BY_API: Readonly<Record<ApiVersion, number>> = {
  v2: MAX_CHUNK_BYTES,
  'v1.1': PREFERRED_CHUNK_BYTES,
};
export const MAX_SEGMENTS = 1000;
/** The largest file the plan accepts: 1,000 segments of 8 MiB. */
export const MAX_PLANNED_BYTES = MAX_SEGMENTS * MAX_CHUNK_BYTES;

/** The largest file the plan accepts for an API version. */
export function maxPlannedBytes(api: ApiVersion = 'v2'): number {
  return MAX_SEGMENTS * MAX_CHUNK_BYTES_BY_API[api];
}

export interface ChunkPlan {
  chunkSize: number;
  segmentsTotal: number;
}

export interface ByteRange {
  start: number;
  length: number;
}

export function planChunks(totalBytes: number, api: ApiVersion = 'v2'): ChunkPlan {
  if (!Number.isSafeInteger(totalBytes) || totalBytes <= 0) {
    fail('validation', `The file is empty (${totalBytes} bytes); there is nothing to upload.`);
  }
  const maxChunk = MAX_CHUNK_BYTES_BY_API[api];
  if (totalBytes > MAX_SEGMENTS * maxChunk) {
    fail(
      'validation',
      `The file is ${totalBytes} bytes; X's ${api} API takes at most ${MAX_SEGMENTS} segments of at most ` +
        `${maxChunk / MIB} MiB, so the largest file Xfer can send there is ${MAX_SEGMENTS * maxChunk} bytes.`,
    );
  }
  const chunkSize =
    totalBytes <= MAX_SEGMENTS * PREFERRED_CHUNK_BYTES ? PREFERRED_CHUNK_BYTES : Math.ceil(totalBytes / MAX_SEGMENTS);
  return { chunkSize, segmentsTotal: Math.ceil(totalBytes / chunkSize) };
}

/** The bytes of segment `index`: every segment is `chunkSize` long except the last, which holds the rest. */
export function segmentRange(plan: ChunkPlan, totalBytes: number, index: number): ByteRange {
  if (!Number.isInteger(index) || index < 0 || index >= plan.segmentsTotal) {
    throw new RangeError(`segment ${index} is outside 0..${plan.segmentsTotal - 1}`);
  }
  const start = index * plan.chunkSize;
  return { start, length: Math.min(plan.chunkSize, totalBytes - start) };
}
