// Reading request bodies: whole small bodies (url-encoded, JSON), streamed multipart with the
// `media` file written to a temporary file (so a large segment never sits in memory), and an
// optional bandwidth throttle.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Pair } from '../oauth1/index.ts';

/** Bodies read whole: JSON (base64 media up to 8 MB is ~11 MB) and url-encoded forms. */
export const MAX_BUFFERED_BODY = 16 * 1_048_576;

export class BodyTooLarge extends Error {}

export function mediaTypeOf(headers: IncomingHttpHeaders): string {
  return (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export async function readWhole(stream: Readable, limit = MAX_BUFFERED_BODY): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      stream.resume();
      throw new BodyTooLarge(`body larger than ${limit} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Form-style decoding ('+' is a space), as RFC 5849 §3.4.1.3.1 reads url-encoded bodies. */
export function formPairs(body: Buffer): Pair[] {
  return [...new URLSearchParams(body.toString('utf8'))];
}

export interface UploadedFile {
  path: string;
  bytes: number;
  /** More bytes arrived than the limit; the file holds only the first `limit + 1`. */
  truncated: boolean;
}

export interface MultipartBody {
  fields: Map<string, string>;
  /** The `media` part sent as a file (binary). */
  file: UploadedFile | null;
}

/**
 * Parses multipart/form-data. The `media` file part streams to `tempPath()`; the caller owns the
 * file afterwards (commits or deletes it). Past `maxFileBytes` the file is truncated and flagged.
 */
export async function readMultipart(
  stream: Readable,
  headers: IncomingHttpHeaders,
  options: { tempPath: () => string; maxFileBytes: number },
): Promise<MultipartBody> {
  const fields = new Map<string, string>();
  let file: UploadedFile | null = null;
  const writes: Promise<void>[] = [];
  const parser = busboy({
    headers,
    limits: { fieldSize: MAX_BUFFERED_BODY, fileSize: options.maxFileBytes + 1, files: 1, fields: 50 },
  });
  parser.on('field', (name, value) => fields.set(name, value));
  parser.on('file', (name, part) => {
    if (name !== 'media' || file) {
      part.resume();
      return;
    }
    const current: UploadedFile = { path: options.tempPath(), bytes: 0, truncated: false };
    file = current;
    part.on('data', (chunk: Buffer) => (current.bytes += chunk.length));
    part.on('limit', () => (current.truncated = true));
    const write = pipeline(part, createWriteStream(current.path));
    // A client that goes away mid-file fails this write along with the body: observed here, so it is never
    // an unhandled rejection; the body's own failure is what readMultipart reports.
    write.catch(() => {});
    writes.push(write);
  });
  try {
    await pipeline(stream, parser);
    await Promise.all(writes);
  } catch (error) {
    const written = file as UploadedFile | null;
    if (written) await rm(written.path, { force: true });
    throw error;
  }
  return { fields, file };
}

/** Delays body reading so it arrives at about `bytesPerSecond` (simulates a slow uplink). */
export function throttle(bytesPerSecond: number): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const delayMs = (chunk.length / bytesPerSecond) * 1000;
      setTimeout(() => done(null, chunk), delayMs);
    },
  });
}
