// The two paths that send a body whole: an injected fetch (tests) and an undici dispatcher (e.g. an Agent
// trusting a test CA). They read a file's bytes whole first, check them, and pay the bandwidth cap up front.
import type { Dispatcher } from 'undici';
import { isFileSlice, readSlice, sliceCheck, WRITE_SLICE_BYTES } from './body-parts.ts';
import type { Answer, BodyPart, Exchange } from './exchange-types.ts';
import { headerLookup } from './header-lookup.ts';

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

export async function viaFetch(doFetch: typeof fetch, request: Exchange): Promise<Answer> {
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

export async function viaDispatcher(dispatcher: Dispatcher, request: Exchange): Promise<Answer> {
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
