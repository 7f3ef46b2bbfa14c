// The lean path: node:http(s) and its keep-alive global agent. A body's parts are written as they are (no
// copy), a file's bytes read slice by slice as they are sent, and the answer settles the request whatever
// the state of its body (a server may answer before it has read it).
import type { ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isFileSlice, lengthOf, READ_SLICE_BYTES, readSlice, sliceCheck, WRITE_SLICE_BYTES } from './body-parts.ts';
import { ChunkBuffers } from './chunk-buffers.ts';
import type { Answer, Exchange } from './exchange-types.ts';
import { headerLookup } from './header-lookup.ts';
import { nodeHttp } from './node-http.ts';

export async function viaNode(request: Exchange): Promise<Answer> {
  // Under a cap the request waits for its first slice before it opens a connection: an APPEND waiting its
  // turn holds no socket half-written.
  const firstFile = request.body.find(isFileSlice);
  const prepaid = isCapped(request.pace) && firstFile ? Math.min(WRITE_SLICE_BYTES, firstFile.length) : 0;
  if (prepaid > 0) await request.pace!.take(prepaid, request.signal);
  const target = new URL(request.url);
  const send = target.protocol === 'https:' ? httpsRequest : nodeHttp.request;
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

/** Read buffers for file slices, shared by every request: one comes back once the socket has taken it. */
const sliceBuffers = new ChunkBuffers(32);

/** Whether the body's file bytes are paid for as they go (a pacer that cannot tell is taken as capped). */
function isCapped(pace: Exchange['pace']): boolean {
  return pace !== undefined && (pace.capped?.() ?? true);
}

/**
 * Writes the body a slice at a time, waiting for the socket to drain in between: bytes in memory are views
 * of the caller's buffers (no joining copy), a file's bytes are read into reused 512 KiB buffers as they go
 * (256 KiB slices under a bandwidth cap).
 * Measured on a 5 MB APPEND over TLS: written whole, the client encrypted all of it (~40 ms, into ~5 MB of
 * fresh ciphertext) before the server saw a byte, after reading it whole into a fresh 5 MB buffer (~20 ms
 * of page faults); in slices the reading, encryption and the server's work overlap, and an APPEND in flight
 * holds about 1 MiB instead of 10. Under a bandwidth cap each file slice is paid for before it is read.
 */
async function writeBody(outgoing: ClientRequest, request: Exchange, prepaid: number): Promise<void> {
  const { body: parts, onFileBytesSent, pace, signal } = request;
  let fileBytesSent = 0;
  let prepaidLeft = prepaid; // the first file slice was paid for before the request opened
  for (const part of parts) {
    const check = isFileSlice(part) ? await sliceCheck(part) : null;
    for (let offset = 0; offset < lengthOf(part);) {
      if (outgoing.destroyed) return;
      if (!isFileSlice(part)) {
        const length = Math.min(WRITE_SLICE_BYTES, lengthOf(part) - offset);
        if (!outgoing.write(part.subarray(offset, offset + length))) await drained(outgoing);
        offset += length;
        continue;
      }
      // Chosen per slice: a cap set (or lifted) while the body goes applies from its next slice. With no cap
      // nothing is paid (the pacer's wait, and the timeout's pause around it, would only cost time).
      const capped = isCapped(pace);
      const length = Math.min(capped ? WRITE_SLICE_BYTES : READ_SLICE_BYTES, part.length - offset);
      if (pace && capped && prepaidLeft === 0) await pace.take(length, signal);
      prepaidLeft = Math.max(0, prepaidLeft - length);
      if (outgoing.destroyed) return;
      const buffer = sliceBuffers.take(READ_SLICE_BYTES); // one size for all: any pooled buffer fits any slice
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
      offset += length;
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
