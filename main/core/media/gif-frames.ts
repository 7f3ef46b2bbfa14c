// Counts a GIF's frames by walking its blocks (GIF89a spec §§17–27). Hand-written because image-size
// reports only the first frame's size, and X's GIF rules need the frame count (x-media-upload.md §3).
import type { BoundedReader } from './bounded-reader.ts';

const CHUNK = 1 << 20;

/** A forward-only byte cursor over the file, refilled a chunk at a time. */
class Cursor {
  readonly reader: BoundedReader;
  private buffer: Uint8Array = new Uint8Array(0);
  private bufferStart = 0;
  position: number;

  constructor(reader: BoundedReader, position: number) {
    this.reader = reader;
    this.position = position;
  }

  async byte(): Promise<number> {
    const offset = this.position - this.bufferStart;
    if (offset < 0 || offset >= this.buffer.length) {
      this.buffer = await this.reader.readAt(this.position, CHUNK);
      this.bufferStart = this.position;
      if (this.buffer.length === 0) throw new GifTruncated();
    }
    const value = this.buffer[this.position - this.bufferStart]!;
    this.position += 1;
    return value;
  }

  skip(count: number): void {
    this.position += count;
    if (this.position > this.reader.size) throw new GifTruncated();
  }

  /** Skips a chain of data sub-blocks: length byte, that many bytes, … until a zero length. */
  async skipSubBlocks(): Promise<void> {
    for (let length = await this.byte(); length !== 0; length = await this.byte()) this.skip(length);
  }
}

export class GifTruncated extends Error {
  constructor() {
    super('the GIF ends in the middle of a block (truncated?)');
  }
}

export class GifMalformed extends Error {}

export async function countGifFrames(reader: BoundedReader): Promise<number> {
  const header = await reader.readAt(0, 13);
  if (header.length < 13) throw new GifTruncated();
  const packed = header[10]!;
  // Logical screen descriptor: a global colour table of 3 × 2^(n+1) bytes follows when its flag is set.
  const globalTable = packed & 0x80 ? 3 * 2 ** ((packed & 0x07) + 1) : 0;
  const cursor = new Cursor(reader, 13);
  cursor.skip(globalTable);
  let frames = 0;
  for (;;) {
    // A file that ends cleanly after a whole frame but lacks the trailer byte still decodes everywhere.
    if (cursor.position === reader.size && frames > 0) return frames;
    const introducer = await cursor.byte();
    if (introducer === 0x3b) return frames; // trailer
    if (introducer === 0x21) {
      await cursor.byte(); // extension label
      await cursor.skipSubBlocks();
    } else if (introducer === 0x2c) {
      frames += 1;
      cursor.skip(8); // left, top, width, height
      const imagePacked = await cursor.byte();
      if (imagePacked & 0x80) cursor.skip(3 * 2 ** ((imagePacked & 0x07) + 1)); // local colour table
      await cursor.byte(); // LZW minimum code size
      await cursor.skipSubBlocks();
    } else {
      // Many encoders leave junk after the last frame; what came before still counts.
      if (frames > 0) return frames;
      throw new GifMalformed(`unexpected byte 0x${introducer.toString(16)} at offset ${cursor.position - 1}`);
    }
  }
}
