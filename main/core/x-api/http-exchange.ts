// One HTTP request and its whole answer, over the leanest path available. Measured on an upload of 5 MiB
// APPENDs over TLS on loopback: WHATWG fetch copies a Uint8Array body twice more (webidl's copy, then the
// web stream's clone) and drives it through web streams, which cost about as much CPU as the encryption
// itself. So a request goes through node:http(s) and its keep-alive global agent (the parts of a body are
// written as they are, no copy; a file's bytes are read slice by slice as they are sent), or through an
// undici dispatcher's own request() when the caller gave one (e.g. an Agent trusting a test CA); an
// injected fetch (tests) is still honoured as is. Those two read a file's bytes whole first.
import type { HeaderLookup } from './header-lookup.ts';
import type { FileHandle } from 'node:fs/promises';
import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Dispatcher } from 'undici';
import { XferFailure, xferError } from '../../common/errors.ts';
import { CHANGED_WHILE_SENT, createSegmentHash } from '../media/segment-hashes.ts';
import { ChunkBuffers } from './chunk-buffers.ts';
import type { BytePacer } from './types.ts';

export type { HeaderLookup };

/** Bytes of a file its caller has open, read as they are sent (an APPEND's chunk). */
export interface FileSlice {
  handle: FileHandle;
  /** For messages. */
  path: string;
  start: number;
  length: number;
  /**
   * The slice's hash when it was prepared (main/core/media/segment-hashes.ts). The bytes read for sending
   * are hashed as they go; if they differ, the request fails with `file_changed` before its last bytes are
   * handed to the socket, so the server never holds a whole segment of a changed file.
   */
  expectedHash?: string | undefined;
}

export type BodyPart = Uint8Array | FileSlice;

function isFileSlice(part: BodyPart): part is FileSlice {
  return !(part instanceof Uint8Array);
}

function lengthOf(part: BodyPart): number {
  return isFileSlice(part) ? part.length : part.byteLength;
}

export interface Exchange {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** The body in parts, sent back to back (a multipart body's head, file bytes and tail). */
  body: readonly BodyPart[];
  /** Aborts the exchange at any point, the answer's body included; its reason is what is thrown. */
  signal: AbortSignal;
  /** The file slices' bytes taken by the socket so far (a running total); the whole-body paths call it once. */
  onFileBytesSent?: ((bytes: number) => void) | undefined;
  /** The bandwidth cap: each slice of a file's bytes is taken from it before it is read and written. */
  pace?: BytePacer | undefined;
}

export interface Answer {
  status: number;
  headers: HeaderLookup;
  bodyText: string;
}

/** The connection failed (refused, reset, TLS, …): what fetch reports as a TypeError, with the cause's code. */
export class ConnectionError extends Error {
  readonly code: string | undefined;

  constructor(cause: unknown) {
    super('connection failed', { cause });
    this.name = 'ConnectionError';
    const code = (cause as { code?: unknown } | null)?.code;
    this.code = typeof code === 'string' ? code : undefined;
  }
}

export interface ExchangeOptions {
  fetch?: typeof fetch | undefined;
  dispatcher?: Dispatcher | undefined;
}

export async function exchange(options: ExchangeOptions, request: Exchange): Promise<Answer> {
  if (options.fetch) return viaFetch(options.fetch, request);
  try {
    return await (options.dispatcher ? viaDispatcher(options.dispatcher, request) : viaNode(request));
  } catch (thrown) {
    if (request.signal.aborted) throw request.signal.reason;
    if (thrown instanceof XferFailure) throw thrown;
    throw new ConnectionError(thrown);
  }
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
async function sliceCheck(slice: FileSlice): Promise<((bytes: Uint8Array, last: boolean) => void) | null> {
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
async function readSlice(slice: FileSlice, offset: number, into: Buffer, length: number): Promise<Buffer> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await slice.handle.read(into, filled, length - filled, slice.start + offset + filled);
    if (bytesRead === 0) throw fileShrank(slice);
    filled += bytesRead;
  }
  return into.subarray(0, length);
}

/** The whole body in one buffer, for the paths that take one (fetch, an undici dispatcher). */
async function joined(parts: readonly BodyPart[]): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (parts.length === 0) return undefined;
  const bytes = await Promise.all(
    parts.map(async (part) => {
      if (!isFileSlice(part)) return part;
      const read = await readSlice(part, 0, Buffer.allocUnsafe(part.length), part.length);
      (await sliceCheck(part))?.(read, true);
      return read;
    }),
  );
  return bytes.length === 1 && bytes[0] instanceof Buffer ? (bytes[0] as Buffer<ArrayBuffer>) : Buffer.concat(bytes);
}

/** For the paths that send a body whole: all of the file's bytes went once the answer came. */
function reportWholeBody(request: Exchange): void {
  const fileBytes = request.body.reduce((sum, part) => sum + (isFileSlice(part) ? part.length : 0), 0);
  if (fileBytes > 0) request.onFileBytesSent?.(fileBytes);
}

/** For the paths that send a body whole: the cap is paid for all of its file bytes first. */
async function payWhole(request: Exchange): Promise<void> {
  if (!request.pace) return;
  for (const part of request.body) {
    if (!isFileSlice(part)) continue;
    for (let offset = 0; offset < part.length; offset += WRITE_SLICE_BYTES)
      await request.pace.take(Math.min(WRITE_SLICE_BYTES, part.length - offset), request.signal);
  }
}

async function viaFetch(doFetch: typeof fetch, request: Exchange): Promise<Answer> {
  await payWhole(request);
  const body = await joined(request.body);
  const answer = await doFetch(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    ...(body !== undefined && { body }),
  });
  // Read under the same signal: a server that stalls mid-body is cut off too.
  const bodyText = await answer.text();
  reportWholeBody(request);
  return { status: answer.status, headers: answer.headers, bodyText };
}

async function viaDispatcher(dispatcher: Dispatcher, request: Exchange): Promise<Answer> {
  const target = new URL(request.url);
  await payWhole(request);
  const body = await joined(request.body);
  const answer = await dispatcher.request({
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    ...(body !== undefined && { body }),
  });
  const bodyText = await answer.body.text();
  reportWholeBody(request);
  return { status: answer.statusCode, headers: headerLookup(answer.headers), bodyText };
}

async function viaNode(request: Exchange): Promise<Answer> {
  // Under a cap the request waits for its first slice before it opens a connection: an APPEND waiting its
  // turn holds no socket half-written.
  const firstFile = request.body.find(isFileSlice);
  const prepaid = request.pace && firstFile ? Math.min(WRITE_SLICE_BYTES, firstFile.length) : 0;
  if (prepaid > 0) await request.pace!.take(prepaid, request.signal);
  const target = new URL(request.url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const length = request.body.reduce((sum, part) => sum + lengthOf(part), 0);
  const headers =
    request.method === 'GET' && length === 0
      ? request.headers
      : { ...request.headers, 'content-length': String(length) };
  return new Promise<Answer>((resolve, reject) => {
    // Settled by the answer, whatever the state of the body. A server may answer before it has read the
    // body (a loaded front end's 503, then a close) and never read the rest: waiting for all of it to be
    // written would wait for a `finish` that never comes. So a body still being written is cut off (the
    // request destroyed: nothing more of the caller's buffers is read or sent, and the caller may reuse
    // them); a body already all handed over waits only for its `finish` or the connection's close.
    let answer: Answer | null = null;
    let written = false;
    const settle = (): void => {
      if (answer === null) return;
      if (!written && outgoing.writableEnded && !outgoing.destroyed) return;
      if (!written) outgoing.destroy();
      request.signal.removeEventListener('abort', abort);
      resolve(answer);
    };
    const failed = (error: unknown): void => {
      request.signal.removeEventListener('abort', abort);
      reject(error);
    };
    const outgoing = send(target, { method: request.method, headers }, (incoming) => {
      const parts: Buffer[] = [];
      incoming.on('data', (part: Buffer) => parts.push(part));
      incoming.on('error', failed);
      incoming.on('end', () => {
        answer = {
          status: incoming.statusCode ?? 0,
          headers: headerLookup(incoming.headers),
          bodyText: Buffer.concat(parts).toString('utf8'),
        };
        settle();
      });
    });
    const abort = (): void => {
      outgoing.destroy();
      failed(request.signal.reason);
    };
    request.signal.addEventListener('abort', abort, { once: true });
    outgoing.on('error', failed);
    outgoing.on('finish', () => {
      written = true;
      settle();
    });
    outgoing.on('close', settle);
    // A failure while writing (the file shrank) ends the request with that failure.
    writeBody(outgoing, request, prepaid).catch((error: unknown) => outgoing.destroy(error as Error));
  });
}

/** How much of a body is handed to the socket at a time. */
const WRITE_SLICE_BYTES = 256 * 1024;

/** Read buffers for file slices, shared by every request: one comes back once the socket has taken it. */
const sliceBuffers = new ChunkBuffers(32);

/**
 * Writes the body a slice at a time, waiting for the socket to drain in between: bytes in memory are views
 * of the caller's buffers (no joining copy), a file's bytes are read into reused 256 KiB buffers as they go.
 * Measured on a 5 MB APPEND over TLS: written whole, the client encrypted all of it (~40 ms, into ~5 MB of
 * fresh ciphertext) before the server saw a byte, after reading it whole into a fresh 5 MB buffer (~20 ms
 * of page faults); in slices the reading, encryption and the server's work overlap, and an APPEND in flight
 * holds about 1 MB instead of 10. Under a bandwidth cap each file slice is paid for before it is read.
 */
async function writeBody(outgoing: ClientRequest, request: Exchange, prepaid: number): Promise<void> {
  const { body: parts, onFileBytesSent, pace, signal } = request;
  let fileBytesSent = 0;
  let prepaidLeft = prepaid; // the first file slice was paid for before the request opened
  for (const part of parts) {
    const check = isFileSlice(part) ? await sliceCheck(part) : null;
    for (let offset = 0; offset < lengthOf(part); offset += WRITE_SLICE_BYTES) {
      if (outgoing.destroyed) return;
      const length = Math.min(WRITE_SLICE_BYTES, lengthOf(part) - offset);
      if (!isFileSlice(part)) {
        if (!outgoing.write(part.subarray(offset, offset + length))) await drained(outgoing);
        continue;
      }
      if (pace && prepaidLeft === 0) await pace.take(length, signal);
      prepaidLeft = Math.max(0, prepaidLeft - length);
      if (outgoing.destroyed) return;
      const buffer = sliceBuffers.take(WRITE_SLICE_BYTES);
      const bytes = await readSlice(part, offset, buffer, length);
      try {
        check?.(bytes, offset + length >= part.length);
      } catch (changed) {
        sliceBuffers.give(buffer);
        throw changed;
      }
      if (outgoing.destroyed) return;
      // Back to the pool only once the socket has taken the bytes (TLS has encrypted them).
      const more = outgoing.write(bytes, (error) => {
        if (error) return;
        sliceBuffers.give(buffer);
        fileBytesSent += bytes.length;
        onFileBytesSent?.(fileBytesSent);
      });
      if (!more) await drained(outgoing);
    }
  }
  if (!outgoing.destroyed) outgoing.end();
}

/** Resolves when the request can take more, or is gone. */
function drained(outgoing: ClientRequest): Promise<void> {
  return new Promise<void>((resolve) => {
    const go = (): void => {
      outgoing.off('drain', go);
      outgoing.off('close', go);
      resolve();
    };
    outgoing.on('drain', go);
    outgoing.on('close', go);
  });
}

function headerLookup(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): HeaderLookup {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}
