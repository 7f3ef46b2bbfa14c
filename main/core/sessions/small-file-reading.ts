// A small file (any image, a short clip) is read whole, once, at prepare: its fingerprint's edge hash and
// its segment hashes come from the same bytes. Before, the fingerprint read the edges and a background job
// read every byte again for the segment hashes; reading twice cost a prepare of 50 × 2 MB images ~50 ms, and
// the second read could see bytes written after the fingerprint was taken (an edit with its mtime restored
// would then be hashed, and sent, as if it were the prepared file).
import { open } from 'node:fs/promises';
import { fail } from '../../common/errors.ts';
import type { FileFingerprint, SegmentHashes } from '../../common/session.ts';
import { edgeHashOf, fingerprintFile, planChunks } from '../engine/index.ts';
import { SEGMENT_HASH_ALGORITHM, hashSegmentsOf } from '../media/segment-hashes.ts';

/** Up to this size a file is read whole at prepare (a few MiB held once, per file in turn). */
export const READ_WHOLE_MAX_BYTES = 16 * 1024 * 1024;

export interface PrepareReading {
  fingerprint: FileFingerprint;
  /** Taken from the same read as the fingerprint; null when the file is larger (a background job takes them). */
  segmentHashes: SegmentHashes | null;
}

/** The file's fingerprint, and for a small file its segment hashes under its chunk plan; fails as fingerprintFile does. */
export async function readForPrepare(path: string): Promise<PrepareReading> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return { fingerprint: await fingerprintFile(path), segmentHashes: null }; // fingerprintFile says why
  }
  let bytes: Buffer;
  let mtimeMs: number;
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size === 0 || stats.size > READ_WHOLE_MAX_BYTES)
      return { fingerprint: await fingerprintFile(path), segmentHashes: null };
    mtimeMs = stats.mtimeMs;
    bytes = Buffer.allocUnsafe(stats.size);
    for (let done = 0; done < bytes.length;) {
      const { bytesRead } = await handle.read(bytes, done, bytes.length - done, done);
      if (bytesRead === 0) fail('file_changed', 'The file became shorter while it was read.');
      done += bytesRead;
    }
  } finally {
    await handle.close();
  }
  // XXH64 (fingerprint.ts): the segment hashes cover every byte anyway; this only has to notice a change.
  const fingerprint: FileFingerprint = { size: bytes.length, mtimeMs, edgeHash: await edgeHashOf(bytes, 'xxh64') };
  const plan = planChunks(bytes.length);
  const hashes = await hashSegmentsOf(bytes, plan);
  return { fingerprint, segmentHashes: { chunkSize: plan.chunkSize, algorithm: SEGMENT_HASH_ALGORITHM, hashes } };
}
