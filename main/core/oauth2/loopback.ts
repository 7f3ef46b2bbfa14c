// The RFC 8252 loopback redirect listener: bound to 127.0.0.1 only, on the redirect URI's port (0 =
// any free one, and the URI then names the real port), accepting exactly one request on the callback
// path. It settles with the callback's query, with a redirect URL the user pasted (when the browser
// cannot reach this machine's loopback, e.g. over SSH), on cancel, or after the timeout, and then
// closes. It checks nothing itself: the state and X's error are checked by the protocol module.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fail, XferFailure, xferError } from '../../common/errors.ts';
import { nodeHttp } from '../x-api/node-http.ts';

export const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface LoopbackListener {
  /** The redirect URI to send X: the given one, with the real port when it said 0. */
  redirectUri: string;
  /** The callback's query parameters, once. Rejects on cancel, timeout or close. */
  callback: Promise<URLSearchParams>;
  /** Takes the URL the browser ended on, pasted by the user; it must be this redirect URI. */
  paste(url: string): void;
  cancel(): void;
  close(): Promise<void>;
}

/** `http://127.0.0.1:PORT/PATH`, nothing else (X wants 127.0.0.1; a listener on another host could not receive it). */
export function parseRedirectUri(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail('bad_request', `The redirect URI must look like http://127.0.0.1:53682/callback (got "${raw}")`);
  }
  if (url.protocol !== 'http:' || url.hostname !== '127.0.0.1' || url.search || url.hash || url.username) {
    fail(
      'bad_request',
      `The redirect URI must be http://127.0.0.1:PORT/PATH (X asks for 127.0.0.1, not localhost), got "${raw}"`,
    );
  }
  return url;
}

// An empty icon: the browser asks for none (this listener is gone by the time it would, a console error).
const PAGE = (text: string) =>
  `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>Xfer</title><p style="font:16px system-ui;margin:3em">${text}</p>`;

export async function listenForCallback(options: {
  redirectUri: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}): Promise<LoopbackListener> {
  const wanted = parseRedirectUri(options.redirectUri);
  let settle!: { resolve: (query: URLSearchParams) => void; reject: (error: unknown) => void };
  const callback = new Promise<URLSearchParams>((resolve, reject) => (settle = { resolve, reject }));
  callback.catch(() => undefined); // observed by the caller; never an unhandled rejection here
  let settled = false;

  const server: Server = nodeHttp.createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
    if (request.method !== 'GET' || url.pathname !== wanted.pathname) {
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('Not found.'));
      return;
    }
    if (settled) {
      response
        .writeHead(409, { 'content-type': 'text/html; charset=utf-8' })
        .end(PAGE('This sign-in has already been answered. You can close this tab.'));
      return;
    }
    const denied = url.searchParams.has('error');
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', connection: 'close' })
      .end(
        PAGE(
          denied
            ? 'X did not authorize Xfer. You can close this tab and go back to Xfer.'
            : 'Signed in. You can close this tab and go back to Xfer.',
        ),
      );
    finish(url.searchParams);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new XferFailure(
              xferError(
                'environment',
                `Port ${wanted.port} on 127.0.0.1 is in use: pick another redirect URI (and register it in X's developer portal)`,
              ),
            )
          : error,
      );
    });
    server.listen(Number(wanted.port || 80), '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const redirectUri = `http://127.0.0.1:${port}${wanted.pathname}`;

  const timer = setTimeout(
    () =>
      stop(
        xferError(
          'network',
          `No answer from the browser within ${Math.round((options.timeoutMs ?? SIGN_IN_TIMEOUT_MS) / 60_000)} min: start the sign-in again`,
          { retryable: false },
        ),
      ),
    options.timeoutMs ?? SIGN_IN_TIMEOUT_MS,
  );
  const onAbort = () => stop(xferError('cancelled', 'Sign-in cancelled'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  function finish(query: URLSearchParams): void {
    if (settled) return;
    settled = true;
    settle.resolve(query);
    void close();
  }

  function stop(error: ReturnType<typeof xferError>): void {
    if (settled) return;
    settled = true;
    settle.reject(new XferFailure(error));
    void close();
  }

  let closing: Promise<void> | null = null;
  function close(): Promise<void> {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    return closing;
  }

  return {
    redirectUri,
    callback,
    paste(raw) {
      let url: URL;
      try {
        url = new URL(raw.trim());
      } catch {
        fail('bad_request', 'Paste the whole address the browser ended on (it starts with http://127.0.0.1)');
      }
      if (`${url.origin}${url.pathname}` !== redirectUri) {
        fail(
          'bad_request',
          `That address is not this sign-in's redirect (${redirectUri}): paste the one the browser showed`,
        );
      }
      finish(url.searchParams);
    },
    cancel: () => stop(xferError('cancelled', 'Sign-in cancelled')),
    close: () => {
      stop(xferError('cancelled', 'Sign-in closed'));
      return close();
    },
  };
}
