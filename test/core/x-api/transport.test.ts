// Failures on the way: timeouts, the caller's abort, refused connections, error bodies
// arriving through a real socket, and secrets that must never reach a message.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCertificates } from '../../../main/core/sandbox/tls.ts';
import { isXferFailure, type XferError } from '../../../main/common/errors.ts';
import { createUploadClient, type UploadClient } from '../../../main/core/x-api/index.ts';
import { clientAt, credentials } from './fake-credentials.ts';
import { startFakeX, type FakeX } from './fake-x.ts';

async function failureOf(work: Promise<unknown>): Promise<{ error: XferError; thrown: unknown }> {
  try {
    await work;
  } catch (thrown) {
    if (isXferFailure(thrown)) return { error: thrown.error, thrown };
    throw thrown;
  }
  throw new Error('expected a failure');
}

const anyRequest = () => true;
const initRequest = { totalBytes: 5, mediaType: 'image/png', mediaCategory: 'tweet_image', additionalOwners: [] };

let fake: FakeX;
let client: UploadClient;
beforeEach(async () => {
  fake = await startFakeX();
  client = clientAt(fake.origin, 'v2', { timeoutMs: 300 });
});
afterEach(() => fake.close());

describe('timeouts and abort', () => {
  it('a server that never answers ends in a retryable network error, and the socket is closed', async () => {
    fake.respondOnce(anyRequest, 'hang');
    const { error } = await failureOf(client.verifyCredentials());
    expect(error).toMatchObject({ kind: 'network', retryable: true });
    expect(error.message).toContain('no answer');
    await fake.hungConnectionsClosed();
  });

  it("the caller's abort ends a hung request as cancelled, and the socket is closed", async () => {
    const patient = clientAt(fake.origin, 'v1.1', { timeoutMs: 600_000 });
    fake.respondOnce(anyRequest, 'hang');
    const controller = new AbortController();
    const pending = failureOf(patient.status('1880028106020515841', { signal: controller.signal }));
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    const { error } = await pending;
    expect(error).toMatchObject({ kind: 'cancelled', retryable: false });
    await fake.hungConnectionsClosed();
  });

  it('an already aborted signal sends nothing', async () => {
    const { error } = await failureOf(client.verifyCredentials({ signal: AbortSignal.abort() }));
    expect(error.kind).toBe('cancelled');
    expect(fake.requests).toHaveLength(0);
  });

  it('a body that stalls after the headers also times out', async () => {
    const stalling: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      const signal = init?.signal ?? undefined;
      // Headers arrived; the body never ends until the request's signal fires.
      const body = new ReadableStream({
        start(controller) {
          signal?.addEventListener('abort', () => controller.error(signal.reason));
        },
      });
      return new Response(body, { status: answer.status, headers: answer.headers });
    };
    const stalled = clientAt(fake.origin, 'v2', { timeoutMs: 300, fetch: stalling });
    expect((await failureOf(stalled.verifyCredentials())).error.kind).toBe('network');
  });
});

describe('the default HTTP path (node:http, no fetch injected)', () => {
  async function listening(server: Server): Promise<string> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(server.address() as { port: number }).port}`;
  }
  const closing = (server: Server) => new Promise((resolve) => server.close(resolve));

  it('a body that stalls after the headers times out as a network error', async () => {
    const stalling = createHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"data":');
    });
    const host = await listening(stalling);
    try {
      const stalled = clientAt(`http://${host}`, 'v2', { timeoutMs: 300 });
      const { error } = await failureOf(stalled.verifyCredentials());
      // Marked as a stall, apart from a refused or cut connection: the in-flight controller backs off for it.
      expect(error).toMatchObject({ kind: 'network', retryable: true, timedOut: true });
      expect(error.message).toContain('no answer');
    } finally {
      stalling.closeAllConnections();
      await closing(stalling);
    }
  });

  it('consecutive requests, APPENDs included, reuse one kept-alive connection', async () => {
    let connections = 0;
    const counting = createHttpServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(204).end());
    });
    counting.on('connection', () => connections++);
    const host = await listening(counting);
    try {
      const kept = clientAt(`http://${host}`, 'v1.1');
      const file = new URL(import.meta.url).pathname;
      for (let index = 0; index < 3; index++)
        await kept.append('1880028106020515841', index, { path: file, start: 0, length: 100 });
      expect(connections).toBe(1);
    } finally {
      counting.closeAllConnections();
      await closing(counting);
    }
  });

  const CHUNK_BYTES = 8 * 1024 * 1024;

  /**
   * Sends one 8 MiB APPEND of a fresh random file to a plain HTTP server answering with `handler`, and
   * hands back the outcome (the failure, if any) with the file's bytes. Everything is removed afterwards.
   */
  async function appendTo(
    handler: (request: IncomingMessage, response: ServerResponse, path: string) => void,
  ): Promise<{ error: XferError | null; bytes: Buffer }> {
    const dir = await mkdtemp(join(tmpdir(), 'xfer-slices-'));
    const path = join(dir, 'chunk.bin');
    const bytes = randomBytes(CHUNK_BYTES);
    await writeFile(path, bytes);
    const server = createHttpServer((request, response) => handler(request, response, path));
    const host = await listening(server);
    try {
      const client = clientAt(`http://${host}`, 'v2', { appendTimeoutMs: 60_000 });
      const sending = client.append('1880028106020515841', 0, { path, start: 0, length: CHUNK_BYTES });
      const error = await sending.then(
        () => null,
        (thrown: unknown) => {
          if (isXferFailure(thrown)) return thrown.error;
          throw thrown;
        },
      );
      return { error, bytes };
    } finally {
      server.closeAllConnections();
      await closing(server);
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('an 8 MiB APPEND written in slices reaches a slowly reading server byte for byte', async () => {
    let received = Buffer.alloc(0);
    let declared = -1;
    // Reads a piece, then stops reading for a moment: the client must wait for the socket to drain.
    const { error, bytes } = await appendTo((request, response) => {
      declared = Number(request.headers['content-length']);
      const parts: Buffer[] = [];
      request.on('data', (part: Buffer) => {
        parts.push(part);
        request.pause();
        setTimeout(() => request.resume(), 1);
      });
      request.on('end', () => {
        received = Buffer.concat(parts);
        response.writeHead(204).end();
      });
    });
    expect(error).toBeNull();
    expect(received.length).toBe(declared);
    expect(received.indexOf(bytes)).toBeGreaterThan(0);
  });

  it('a file cut short while its APPEND is being sent fails as file_changed, not as the network', async () => {
    // The server stops reading as the request arrives, cuts the file, then reads on: the client has sent at
    // most what the sockets buffer meanwhile, so a later slice finds the file shorter.
    const { error } = await appendTo((request, _response, path) => {
      request.pause();
      void truncate(path, 1024).then(() => request.resume());
    });
    expect(error).toMatchObject({ kind: 'file_changed', retryable: false });
    expect(error?.message).toContain('shorter');
  });

  it('a server that hangs up mid-body is a retryable network error at once, not a timeout', async () => {
    const { error } = await appendTo((request) => {
      let seen = 0;
      request.on('data', (part: Buffer) => {
        seen += part.length;
        if (seen > 1024 * 1024) request.socket.destroy();
      });
    });
    expect(error).toMatchObject({ kind: 'network', retryable: true });
    expect(error?.message).not.toContain('no answer');
  });

  it('a server whose certificate is not trusted is a network error, never a raw TLS exception', async () => {
    const certificates = await makeCertificates();
    const untrusted = createHttpsServer({ key: certificates.key, cert: certificates.cert }, (_request, response) =>
      response.end('{}'),
    );
    const host = await listening(untrusted);
    try {
      const refused = clientAt(`https://${host}`, 'v2');
      expect((await failureOf(refused.verifyCredentials())).error).toMatchObject({ kind: 'network', retryable: true });
    } finally {
      untrusted.closeAllConnections();
      await closing(untrusted);
    }
  });
});

describe('network failures', () => {
  it('a refused connection is a retryable network error', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const nowhere = clientAt(`http://127.0.0.1:${port}`, 'v2');
    const { error } = await failureOf(nowhere.verifyCredentials());
    expect(error).toMatchObject({ kind: 'network', retryable: true });
  });

  it('a connection reset mid-answer is a retryable network error', async () => {
    const resetting = createServer((socket) => socket.on('data', () => socket.resetAndDestroy()));
    await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(resetting.address() as { port: number }).port}`;
    try {
      const reset = clientAt(origin, 'v2');
      expect((await failureOf(reset.verifyCredentials())).error).toMatchObject({ kind: 'network', retryable: true });
    } finally {
      await new Promise((resolve) => resetting.close(resolve));
    }
  });
});

describe('error answers over the wire', () => {
  it('maps a 429 with x-rate-limit-reset', async () => {
    fake.respondOnce(anyRequest, {
      status: 429,
      headers: { 'x-rate-limit-reset': '1900000000', 'x-rate-limit-remaining': '0' },
      body: '{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}',
    });
    expect((await failureOf(client.init(initRequest))).error).toMatchObject({
      kind: 'rate_limited',
      until: 1_900_000_000_000,
      retryable: true,
    });
  });

  it('maps a 429 with only retry-after from the injected clock', async () => {
    const clocked = clientAt(fake.origin, 'v1.1', { now: () => 1_800_000_000_000 });
    fake.respondOnce(anyRequest, {
      status: 429,
      headers: { 'retry-after': '30' },
      body: '{"errors":[{"code":88,"message":"Rate limit exceeded"}]}',
    });
    expect((await failureOf(clocked.init(initRequest))).error).toMatchObject({
      kind: 'rate_limited',
      until: 1_800_000_030_000,
    });
  });

  it('maps a 503 HTML page to a retryable server error', async () => {
    fake.respondOnce(anyRequest, {
      status: 503,
      headers: { 'content-type': 'text/html' },
      body: '<html>Service Unavailable</html>',
    });
    expect((await failureOf(client.init(initRequest))).error).toMatchObject({
      kind: 'server',
      status: 503,
      retryable: true,
    });
  });

  it('maps a 413 to too_large', async () => {
    fake.respondOnce(anyRequest, { status: 413, body: '' });
    expect((await failureOf(client.init(initRequest))).error.kind).toBe('too_large');
  });

  it('treats a 200 carrying only errors as a failure', async () => {
    fake.respondOnce(anyRequest, {
      status: 200,
      body: '{"errors":[{"title":"Not Found Error","detail":"Could not find media","type":"https://api.twitter.com/2/problems/resource-not-found"}]}',
    });
    expect((await failureOf(client.status('1880028106020515841'))).error.kind).toBe('not_found_or_expired');
  });

  it('treats a 2xx body without the expected fields as a server error', async () => {
    fake.respondOnce(anyRequest, { status: 200, body: 'OK' });
    expect((await failureOf(client.init(initRequest))).error).toMatchObject({ kind: 'server', retryable: true });
  });
});

describe('secrets', () => {
  it('an auth failure names no token or secret, in its message or its JSON', async () => {
    const wrong = createUploadClient({
      api: 'v1.1',
      endpoints: { apiBase: fake.origin, uploadBase: fake.origin },
      credentials: { ...credentials, tokenSecret: 'a-wrong-secret-value' },
    });
    const { error, thrown } = await failureOf(wrong.verifyCredentials());
    expect(error).toMatchObject({ kind: 'auth', status: 401, code: 32 });
    const everything = `${error.message} ${JSON.stringify(error)} ${JSON.stringify(thrown)} ${String(thrown)}`;
    for (const secret of [
      credentials.token,
      credentials.consumerSecret,
      'a-wrong-secret-value',
      credentials.tokenSecret,
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('a server echoing a token back has it redacted from the message', async () => {
    fake.respondOnce(anyRequest, {
      status: 401,
      body: JSON.stringify({ errors: [{ code: 89, message: `Invalid or expired token ${credentials.token}` }] }),
    });
    const { error } = await failureOf(client.verifyCredentials());
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('[redacted]');
    expect(JSON.stringify(error)).not.toContain(credentials.token);
  });

  it('a token echoed back percent-encoded or in base64 is redacted too', async () => {
    for (const echoed of [
      encodeURIComponent(credentials.token).replace(/-/g, '%2D'),
      Buffer.from(`token=${credentials.token}`).toString('base64'),
    ]) {
      fake.respondOnce(anyRequest, {
        status: 401,
        body: JSON.stringify({ errors: [{ code: 89, message: `Invalid or expired token ${echoed}` }] }),
      });
      const { error } = await failureOf(client.verifyCredentials());
      expect(error.message, echoed).toContain('[redacted]');
      expect(error.message).not.toContain(echoed.slice(4, -4));
    }
  });
});
