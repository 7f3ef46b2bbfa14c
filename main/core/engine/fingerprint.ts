// A file's fingerprint: size, mtime and a hash of its first and last MiB, read with positioned reads
// (never the whole file). Taken at prepare and checked again before sending: a file changed since it was
// validated is refused rather than uploaded. The hash is SHA-256 (hex), or XXH64 ("xxh64:" and hex) for a
// file prepared by reading it whole (sessions/small-file-reading.ts): it only has to notice a change, as the
// segment hashes do, and XXH64 costs a fraction of SHA-256 (~1.4 ms per 2 MB image here). A check hashes
// with the algorithm the prepared fingerprint names.
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { fail, failFrom, isXferFailure } from '../../common/errors.ts';
import type { FileFingerprint } from '../../common/session.ts';
import { MIB } from './chunk-plan.ts';
import { createSegmentHash, type SegmentHash } from '../media/segment-hashes.ts';

export const EDGE_BYTES = MIB;

export type EdgeHashAlgorithm = 'sha256' | 'xxh64';
const XXH64_PREFIX = 'xxh64:';

/** Which hash a fingerprint's edge hash is (no prefix: SHA-256, as every fingerprint was before XXH64). */
export function edgeHashAlgorithmOf(edgeHash: string): EdgeHashAlgorithm {
  return edgeHash.startsWith(XXH64_PREFIX) ? 'xxh64' : 'sha256';
}

/** A streaming hash whose digest is the edge hash as a fingerprint holds it (the same shape as a segment's). */
async function createEdgeHash(algorithm: EdgeHashAlgorithm): Promise<SegmentHash> {
  if (algorithm === 'sha256') {
    const hash = createHash('sha256');
    return { update: (bytes) => void hash.update(bytes), digest: () => hash.digest('hex') };
  }
  const hash = await createSegmentHash();
  return { update: (bytes) => hash.update(bytes), digest: () => `${XXH64_PREFIX}${hash.digest()}` };
}

function unreadable(error: unknown, path: string): never {
  const code = (error as NodeJS.ErrnoException).code;
  failFrom(
    error,
    'file_changed',
    code === 'ENOENT' ? `The file is no longer at ${path}.` : `Cannot read ${path} (${code ?? 'error'}).`,
  );
}

/** The file's size and mtime only (no read): what a check needs when every byte sent is hash-checked anyway. */
export async function statFile(path: string): Promise<FileStat> {
  try {
    const stats = await stat(path);
    return { size: stats.size, mtimeMs: stats.mtimeMs };
  } catch (error) {
    unreadable(error, path);
  }
}

export type FileStat = Pick<FileFingerprint, 'size' | 'mtimeMs'>;

export async function fingerprintFile(path: string, algorithm: EdgeHashAlgorithm = 'sha256'): Promise<FileFingerprint> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    unreadable(error, path);
  }
  try {
    const stats = await handle.stat();
    const size = stats.size;
    const hash = await createEdgeHash(algorithm);
    // One small buffer read in turns: this runs before every send, and a fresh zeroed MiB per edge cost
    // more in page faults than the reading.
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    const headLength = Math.min(EDGE_BYTES, size);
    await hashRange(handle, hash, buffer, 0, headLength);
    const tailStart = Math.max(headLength, size - EDGE_BYTES);
    await hashRange(handle, hash, buffer, tailStart, size - tailStart);
    return { size, mtimeMs: stats.mtimeMs, edgeHash: hash.digest() };
  } catch (error) {
    if (isXferFailure(error)) throw error;
    failFrom(error, 'file_changed', `Cannot read ${path}: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
}

const READ_BYTES = 128 * 1024;

async function hashRange(handle: FileHandle, hash: SegmentHash, buffer: Buffer, position: number, length: number) {
  for (let done = 0; done < length;) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, length - done), position + done);
    if (bytesRead === 0) fail('file_changed', 'The file became shorter while it was read.');
    hash.update(buffer.subarray(0, bytesRead));
    done += bytesRead;
  }
}

/**
 * The hash of the edges fingerprintFile reads (the first and last MiB), from the whole file already in
 * memory: the same value fingerprintFile gives for these bytes.
 */
export async function edgeHashOf(bytes: Uint8Array, algorithm: EdgeHashAlgorithm = 'sha256'): Promise<string> {
  const hash = await createEdgeHash(algorithm);
  const headLength = Math.min(EDGE_BYTES, bytes.length);
  hash.update(bytes.subarray(0, headLength));
  hash.update(bytes.subarray(Math.max(headLength, bytes.length - EDGE_BYTES)));
  return hash.digest();
}

/** Why `current` is not the file that was prepared, in plain words; null when it is the same file. */
export function describeChange(prepared: FileFingerprint, current: FileFingerprint): string | null {
  if (prepared.size !== current.size) return describeStatChange(prepared, current);
  if (prepared.edgeHash !== current.edgeHash) return 'its content changed';
  return describeStatChange(prepared, current);
}

/** The same, from the file's size and mtime alone (statFile). */
export function describeStatChange(prepared: FileStat, current: FileStat): string | null {
  if (prepared.size !== current.size) return `its size changed from ${prepared.size} to ${current.size} bytes`;
  if (prepared.mtimeMs !== current.mtimeMs) return 'it was modified (its modification time changed)';
  return null;
}
