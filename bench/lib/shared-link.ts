// A shared uplink: a loopback TCP proxy in front of a server whose client→server bytes all pass one token
// bucket, so every connection of a client shares `bytesPerSecond` — a home or office uplink, where parallel
// requests can fill the link but never widen it. (The sandbox's own cap is per request, i.e. per flow.)
// TLS passes through untouched: the client still verifies the server's certificate end to end.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Transform } from 'node:stream';
import type { AddressInfo } from 'node:net';

export interface SharedLink {
  /** The origin to give clients instead of the server's. */
  url: string;
  close(): Promise<void>;
}

// How far the link may run behind its schedule and catch up: a token bucket's depth. A timer fires late by up to
// a millisecond or so, and one connection hands over its next chunk only when its last one is through: without
// this credit every late timer would be idle link time, which a real uplink (bytes queued in its buffer) never
// has. Measured through the link with a plain TCP stream (no TLS, no HTTP), 40 MiB/s: without it 1 connection
// got 0.917 of the link, 4 got 0.993, 16 got 1.004.
const CATCH_UP_MS = 5;

export async function startSharedLink(target: URL, bytesPerSecond: number): Promise<SharedLink> {
  let nextFree = 0; // when the link finishes sending what it has already accepted (ms, performance.now)
  const sockets = new Set<Socket>();
  const throttled = () =>
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        const now = performance.now();
        nextFree = Math.max(now - CATCH_UP_MS, nextFree) + (chunk.length / bytesPerSecond) * 1000;
        setTimeout(() => done(null, chunk), Math.max(0, nextFree - now));
      },
    });
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(throttled()).pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${target.protocol}//127.0.0.1:${port}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
