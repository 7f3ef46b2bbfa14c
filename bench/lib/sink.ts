// The raw ceiling's server. The sandbox has no route that takes a plain streaming body, and its folder
// belongs to the sandbox helper, so the bench runs its own HTTPS sink in the same process as the sandbox,
// with a certificate from the same kind of self-signed CA (selfsigned, like the sandbox). It does the same
// server-side work per byte as the sandbox — TLS decrypt, a write to a temporary file, and a SHA-256 of the
// stored bytes before answering (the sandbox hashes the assembled media at FINALIZE) — minus the multipart
// parsing and OAuth checks, and it applies the same artificial latency and bandwidth cap when asked.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AddressInfo } from 'node:net';

export interface SinkOptions {
  cert: string;
  key: string;
  /** Added before the answer, like the sandbox's latencyMs. */
  latencyMs?: number;
  bandwidthBytesPerSec?: number;
}

export interface Sink {
  url: string;
  close(): Promise<void>;
}

/** Delays each chunk so the body arrives at about `bytesPerSecond` (the same model as the sandbox's throttle). */
function throttle(bytesPerSecond: number): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      setTimeout(() => done(null, chunk), (chunk.length / bytesPerSecond) * 1000);
    },
  });
}

export async function startSink(options: SinkOptions): Promise<Sink> {
  const dir = await mkdtemp(join(tmpdir(), 'xfer-bench-sink-'));
  let counter = 0;
  const server: Server = createServer({ cert: options.cert, key: options.key }, (request, response) => {
    void (async () => {
      const path = join(dir, `${(counter += 1)}.part`);
      let bytes = 0;
      const counting = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      try {
        const source = options.bandwidthBytesPerSec ? request.pipe(throttle(options.bandwidthBytesPerSec)) : request;
        await pipeline(source, counting, createWriteStream(path));
        const hash = createHash('sha256');
        for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
        hash.digest('hex');
        if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ bytes }));
      } catch (error) {
        response.writeHead(500).end(String(error));
      } finally {
        await rm(path, { force: true });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/sink`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
