// Reading request bodies: whole small bodies (url-encoded, JSON), streamed multipart with the
// `media` file written to a temporary file (so a large segment never sits in memory), and an
// optional bandwidth throttle.
import { open, rm, type FileHandle } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { Transform, Writable, type Readable } from 'node:stream';
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
  const writers: Writable[] = [];
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
    const writer = batchedFileWriter(current.path);
    writers.push(writer);
    const write = pipeline(part, writer);
    // A client that goes away mid-file fails this write along with the body: observed here, so it is never
    // an unhandled rejection; the body's own failure is what readMultipart reports.
    write.catch(() => {});
    writes.push(write);
  });
  try {
    await pipeline(stream, parser);
    await Promise.all(writes);
  } catch (error) {
    // A body cut off mid-file may leave the file part neither ended nor failed: close its file here, and
    // only then remove it (an open file cannot be removed on Windows).
    for (const writer of writers) writer.destroy();
    await Promise.allSettled(writes);
    const written = file as UploadedFile | null;
    if (written) await rm(written.path, { force: true });
    throw error;
  }
  return { fields, file };
}

/** What one write to the part file gathers: TLS hands the body over in ~16 KB pieces. */
const WRITE_BATCH_BYTES = 1_048_576;

/**
 * A file writer that hands the disk one writev per ~1 MiB instead of one write per piece received.
 * Measured on a 1 GB upload over TLS: a write per 16 KB piece spent ~1.8 s of the server's main thread
 * per GB in thread-pool round trips; batched, the page-cache copy is what remains.
 */
export function batchedFileWriter(path: string): Writable {
  let handle: FileHandle | null = null;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0 || !handle) return;
    const parts = pending;
    pending = [];
    pendingBytes = 0;
    await handle.writev(parts);
  };
  return new Writable({
    construct(done) {
      open(path, 'w').then((opened) => {
        handle = opened;
        done();
      }, done);
    },
    write(chunk: Buffer, _encoding, done) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < WRITE_BATCH_BYTES) return done();
      flush().then(() => done(), done);
    },
    // Closed here, before 'finish', so the caller can rename the file at once (Windows refuses an open one).
    final(done) {
      flush()
        .then(async () => {
          const closing = handle;
          handle = null;
          await closing?.close();
        })
        .then(() => done(), done);
    },
    destroy(error, done) {
      const closing = handle?.close() ?? Promise.resolve();
      handle = null;
      closing.then(
        () => done(error),
        () => done(error),
      );
    },
  });
}

/**
 * The body as it arrives at about `bytesPerSecond` (simulates a slow uplink). Joined with pipeline, not
 * pipe: when the client goes away mid-body the throttled copy fails too, so whatever reads it (the
 * multipart parser and the part's file) stops and is cleaned up instead of waiting forever.
 */
export function throttled(body: Readable, bytesPerSecond: number): Readable {
  const slowed = throttle(bytesPerSecond);
  pipeline(body, slowed).catch(() => undefined); // the failure is reported by whoever reads `slowed`
  return slowed;
}

function throttle(bytesPerSecond: number): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const delayMs = (chunk.length / bytesPerSecond) * 1000;
      setTimeout(() => done(null, chunk), delayMs);
    },
  });
}
