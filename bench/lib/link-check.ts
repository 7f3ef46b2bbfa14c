// What the shared link (lib/shared-link.ts) carries by itself: one plain TCP stream through it to a server that
// only reads, no TLS, no HTTP, no latency. The adaptive suite's "÷ the link" compares Xfer with the nominal
// capacity; this figure says how much of that capacity the bench's link delivers at all.
import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startSharedLink } from './shared-link.ts';
import { MIB } from './stats.ts';

export async function measureSharedLink(bytesPerSecond: number, bytes = 20 * MIB): Promise<number> {
  const reader = createServer((socket) => {
    socket.resume();
    socket.on('end', () => socket.end());
  });
  await new Promise<void>((resolve) => reader.listen(0, '127.0.0.1', resolve));
  const { port } = reader.address() as AddressInfo;
  const link = await startSharedLink(new URL(`http://127.0.0.1:${port}`), bytesPerSecond);
  try {
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(new URL(link.url).port), '127.0.0.1', () => {
        const slice = Buffer.alloc(64 * 1024);
        let written = 0;
        const pump = (): void => {
          while (written < bytes) {
            written += slice.length;
            if (!socket.write(slice)) {
              socket.once('drain', pump);
              return;
            }
          }
          socket.end();
        };
        pump();
      });
      socket.resume();
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    return bytes / MIB / ((performance.now() - started) / 1000);
  } finally {
    await link.close();
    await new Promise((resolve) => reader.close(resolve));
  }
}
