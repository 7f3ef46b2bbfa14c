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

export async function startSharedLink(target: URL, bytesPerSecond: number): Promise<SharedLink> {
  let nextFree = 0; // when the link finishes sending what it has already accepted (ms, performance.now)
  const sockets = new Set<Socket>();
  const throttled = () =>
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        const now = performance.now();
        nextFree = Math.max(now, nextFree) + (chunk.length / bytesPerSecond) * 1000;
        setTimeout(() => done(null, chunk), nextFree - now);
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
