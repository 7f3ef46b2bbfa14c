// Checks made before any byte goes to X, and opening one chunk's file.
// Limits follow reference §1 ("Facts that hold in both") and §3 (alt text).
import { open, type FileHandle } from 'node:fs/promises';
import { fail } from '../../common/errors.ts';
import { ALT_TEXT_MAX, OWNERS_MAX, X_ID_PATTERN, altTextLength } from '../../common/limits.ts';
import type { ChunkSource, InitRequest } from './types.ts';

export const MAX_SEGMENT_INDEX = 999;
/** The v2 server maximum per APPEND (reference §1 "Segments"). */
export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;
/** initialize's documented total_bytes maximum. */
export const MAX_TOTAL_BYTES = 17_179_869_184;

/** Media ids go into URL paths (v2): only digits may pass. */
export function checkMediaId(mediaId: string): void {
  if (!X_ID_PATTERN.test(mediaId)) fail('validation', `"${mediaId.slice(0, 40)}" is not a media id`);
}

export function checkInit(request: InitRequest): void {
  if (!Number.isSafeInteger(request.totalBytes) || request.totalBytes <= 0 || request.totalBytes > MAX_TOTAL_BYTES) {
    fail('validation', `total bytes must be between 1 and ${MAX_TOTAL_BYTES}`);
  }
  if (request.mediaType.trim() === '') fail('validation', 'media type is required');
  checkOwners(request.additionalOwners);
}

export function checkOwners(owners: readonly string[]): void {
  if (owners.length > OWNERS_MAX) fail('validation', `at most ${OWNERS_MAX} additional owners`);
  for (const owner of owners) {
    if (!X_ID_PATTERN.test(owner)) fail('validation', `"${owner.slice(0, 40)}" is not a user id`);
  }
}

export function checkAppend(segmentIndex: number, chunk: ChunkSource): void {
  if (!Number.isInteger(segmentIndex) || segmentIndex < 0 || segmentIndex > MAX_SEGMENT_INDEX) {
    fail('validation', `segment index must be between 0 and ${MAX_SEGMENT_INDEX}, not ${segmentIndex}`);
  }
  if (!Number.isSafeInteger(chunk.start) || chunk.start < 0)
    fail('validation', 'chunk start must be a whole number ≥ 0');
  if (!Number.isSafeInteger(chunk.length) || chunk.length <= 0 || chunk.length > MAX_CHUNK_BYTES) {
    fail('validation', `a chunk must be 1 to ${MAX_CHUNK_BYTES} bytes, not ${chunk.length}`);
  }
}

export function checkAltText(text: string): void {
  if (altTextLength(text) > ALT_TEXT_MAX) fail('validation', `alt text is limited to ${ALT_TEXT_MAX} characters`);
}

/** Opens the chunk's file for reading; a file that is gone or no longer holds the chunk is `file_changed`. */
export async function openChunk(chunk: ChunkSource): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(chunk.path, 'r');
  } catch (thrown) {
    const code = (thrown as { code?: unknown }).code;
    if (code === 'ENOENT') fail('file_changed', `the file ${chunk.path} is gone`);
    throw thrown;
  }
  try {
    const { size } = await handle.stat();
    if (size < chunk.start + chunk.length)
      fail('file_changed', `the file ${chunk.path} is shorter than when it was prepared`);
    return handle;
  } catch (thrown) {
    await handle.close();
    throw thrown;
  }
}
