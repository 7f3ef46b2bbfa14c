// Reading a request body's parts: a file slice is read from its open handle (fewer bytes than asked means
// the file shrank) and hashed as it goes, so bytes that differ from the prepared ones fail as file_changed.
import { XferFailure, xferError } from '../../common/errors.ts';
import { CHANGED_WHILE_SENT, createSegmentHash } from '../media/segment-hashes.ts';
import type { BodyPart, FileSlice } from './exchange-types.ts';

/** How much of a body is handed to the socket (and paid to the bandwidth cap) at a time under a cap. */
export const WRITE_SLICE_BYTES = 256 * 1024;

/**
 * How much of a file is read and handed to the socket at a time with no cap: every slice costs a read, a
 * socket write and its drain, a hash update and a progress count, so 2 × fewer of them cut the client's
 * CPU per byte. 1 MiB cut a little more but held ~1.5 MiB more per APPEND in flight (the slice and its
 * ciphertext): +22 MB peak RSS at 16 in flight against the 150 MB goal; 512 KiB costs +7 MB.
 */
export const READ_SLICE_BYTES = 512 * 1024;

export function isFileSlice(part: BodyPart): part is FileSlice {
  return !(part instanceof Uint8Array);
}

export function lengthOf(part: BodyPart): number {
  return isFileSlice(part) ? part.length : part.byteLength;
}

function changedWhileSent(slice: FileSlice): XferFailure {
  return new XferFailure(
    xferError(
      'file_changed',
      `${CHANGED_WHILE_SENT} (${slice.path}, bytes ${slice.start}–${slice.start + slice.length})`,
    ),
  );
}

/** Hashes a slice's bytes as they are read; `check` on the last ones throws if they are not what was prepared. */
export async function sliceCheck(slice: FileSlice): Promise<((bytes: Uint8Array, last: boolean) => void) | null> {
  const expected = slice.expectedHash;
  if (expected === undefined) return null;
  const hash = await createSegmentHash();
  return (bytes, last) => {
    hash.update(bytes);
    if (last && hash.digest() !== expected) throw changedWhileSent(slice);
  };
}

function fileShrank(slice: FileSlice): XferFailure {
  return new XferFailure(xferError('file_changed', `the file ${slice.path} is shorter than when it was prepared`));
}

/** Reads `length` bytes of the slice from `offset` into `into`; fewer bytes than asked means the file shrank. */
export async function readSlice(slice: FileSlice, offset: number, into: Buffer, length: number): Promise<Buffer> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await slice.handle.read(into, filled, length - filled, slice.start + offset + filled);
    if (bytesRead === 0) throw fileShrank(slice);
    filled += bytesRead;
  }
  return into.subarray(0, length);
}
