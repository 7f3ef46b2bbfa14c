// The sandbox's answers below the HTTP server's own: the request's URL as the signature base sees it, a
// connection cut mid-body, an answer sent before the body is read, and X's JSON for a request Node's parser
// refused. Each works on the socket, so the pipeline (server.ts) stays about routes and checks.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex, Readable } from 'node:stream';

/**
 * The request's URL as the signature base sees it (scheme and Host), or null when the Host header is not a
 * host name with an optional port: a server behind its own name answers such a request 400.
 */
export function requestUrl(scheme: 'http' | 'https', request: IncomingMessage): URL | null {
  const host = request.headers.host ?? '127.0.0.1';
  try {
    const url = new URL(request.url ?? '/', `${scheme}://${host}`);
    // Whatever the URL parser made of the header must be the header: no path, user, or stray characters.
    const defaultPort = scheme === 'https' ? ':443' : ':80';
    return url.host === host.toLowerCase() || `${url.host}${defaultPort}` === host.toLowerCase() ? url : null;
  } catch {
    return null;
  }
}

/** Waits until the first body bytes arrive (or the body ends), then cuts the connection. */
export async function dropMidRequest(request: IncomingMessage, input: Readable): Promise<void> {
  await new Promise<void>((resolve) => {
    input.once('data', () => resolve());
    input.once('end', () => resolve());
    input.once('error', () => resolve());
  });
  request.socket.destroy();
}

/** How long an early answer's connection lingers, unread, before the sandbox drops it (the client should close first). */
const EARLY_ANSWER_LINGER_MS = 10_000;

/**
 * Answers before reading any of the body, as a loaded front end does: the status line, headers and body go
 * straight to the socket (so Node's server neither reads the body first nor resets the connection on
 * close), the sandbox ends its side and stops reading. Only a client that takes the answer as the end of
 * the request gets past it; one waiting to finish writing the body waits for ever.
 */
export function answerEarly(request: IncomingMessage, status: number, body: string): void {
  const socket = request.socket;
  request.pause();
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
  ].join('\r\n');
  socket.end(`${head}\r\n\r\n${body}`);
  setTimeout(() => socket.destroy(), EARLY_ANSWER_LINGER_MS).unref();
}

/**
 * A request Node's parser refused before any route saw it. Node's own answer is an empty 400 or 431; X's
 * front end answers with a JSON problem, so the sandbox does too (v2's shape: no path is known yet).
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) return void socket.destroy();
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const title = tooLarge ? 'Request Header Fields Too Large' : 'Invalid Request';
  const message = tooLarge ? 'The request headers are too large.' : 'The request could not be parsed.';
  const body = JSON.stringify({ title, detail: message, type: 'about:blank', status, errors: [{ message }] });
  socket.end(
    [
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? title}`,
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      'connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}
