// The raw ceiling's server. The sandbox has no route that takes a plain streaming body, so the bench runs
// its own HTTPS sink in the same process as the sandbox, with a certificate from the sandbox's own CA
// maker. It does the same server-side work per byte as the sandbox, with the sandbox's own code — TLS
// decrypt and batched writes to a temporary file (the sandbox hashes stored media only when the bench asks,
// after the client's clock has stopped) — minus the multipart parsing and OAuth checks, and it applies the
// same artificial latency and bandwidth cap when asked. It answers with the byte count it stored.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AddressInfo } from 'node:net';
import { batchedFileWriter, throttled } from '../../main/core/sandbox/request-body.ts';

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
        const source = options.bandwidthBytesPerSec ? throttled(request, options.bandwidthBytesPerSec) : request;
        await pipeline(source, counting, batchedFileWriter(path));
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
