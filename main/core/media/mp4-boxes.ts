// An MP4's box structure (ISO/IEC 14496-12 §4.2), read from the boxes' headers alone: where each top-level
// box starts and how long it is, so a moov after a huge mdat is found without reading the media data; and
// moov with the metadata children mp4box need not see cut out. mp4.ts reads the facts from what is left.
import type { BoundedReader } from './bounded-reader.ts';
import { failInspection } from './inspect-failure.ts';

const MAX_TOP_LEVEL_BOXES = 100_000;

interface BoxHeader {
  type: string;
  start: number;
  size: number;
}

/** Walks top-level box headers; fails on a box that runs past the end of the file (a truncated file). */
export async function topLevelBoxes(reader: BoundedReader, name: string): Promise<BoxHeader[]> {
  const boxes: BoxHeader[] = [];
  let position = 0;
  while (position < reader.size) {
    if (boxes.length >= MAX_TOP_LEVEL_BOXES)
      failInspection(
        'file.corrupt',
        `${name} has more than ${MAX_TOP_LEVEL_BOXES} top-level MP4 boxes; Xfer stopped looking`,
      );
    const header = await reader.readAt(position, 16);
    if (header.length < 8)
      failInspection('file.truncated', `${name} is cut short: ${header.length} stray bytes after the last MP4 box`);
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
    let size = view.getUint32(0);
    const type = String.fromCharCode(...header.subarray(4, 8));
    if (size === 1) {
      if (header.length < 16)
        failInspection('file.truncated', `${name} is cut short inside the header of its '${type}' box`);
      size = Number(view.getBigUint64(8));
    } else if (size === 0) {
      size = reader.size - position; // "extends to the end of the file"
    }
    if (size < 8 || !/^[\x20-\x7e]{4}$/.test(type)) {
      failInspection('file.corrupt', `${name} is not a valid MP4: bad box header at byte ${position}`);
    }
    if (position + size > reader.size) {
      failInspection(
        'file.truncated',
        `${name} is cut short: its '${type}' box needs ${position + size} bytes but the file has ${reader.size} (truncated or still being written?)`,
      );
    }
    boxes.push({ type, start: position, size });
    position += size;
  }
  return boxes;
}

/**
 * moov minus its `udta` / `meta` children: none of their facts matter here, and QuickTime's metadata items
 * ('©swr', …) make mp4box print parse errors to the console.
 */
export function withoutMetadata(moov: Uint8Array): Uint8Array {
  const view = new DataView(moov.buffer, moov.byteOffset, moov.byteLength);
  const kept: Uint8Array[] = [moov.subarray(0, 8)];
  let dropped = false;
  for (let position = 8; position + 8 <= moov.length;) {
    const size = view.getUint32(position);
    const type = String.fromCharCode(...moov.subarray(position + 4, position + 8));
    // A 64-bit or to-the-end child is rare enough inside moov to leave the box as it is.
    if (size < 8 || position + size > moov.length) return moov;
    if (type === 'udta' || type === 'meta') dropped = true;
    else kept.push(moov.subarray(position, position + size));
    position += size;
  }
  if (!dropped) return moov;
  const total = kept.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of kept) {
    out.set(part, offset);
    offset += part.length;
  }
  new DataView(out.buffer).setUint32(0, total);
  return out;
}
