// A server that answers before reading the request's body and closes its side, as loaded front ends and
// proxies do (a lingering close: the rest of the body is never read). The answer settles the request
// whatever the state of the body; before, the request waited for a `finish` that never came.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exchange, type BodyPart } from '../../../main/core/x-api/http-exchange.ts';

const BODY_BYTES = 8 * 1024 * 1024;
let server: Server | null = null;
const sockets: Socket[] = [];
let work: string | null = null;
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
  if (work) await rm(work, { recursive: true, force: true });
  work = null;
});

/** Answers 503 as soon as the request's head has arrived, ends its side, and never reads again. */
async function answeringEarly(): Promise<string> {
  server = createServer((socket) => {
    sockets.push(socket);
    let head = '';
    const onData = (bytes: Buffer): void => {
      head += bytes.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      socket.pause();
      const body = JSON.stringify({ title: 'Service Unavailable', detail: 'Over capacity', status: 503 });
      socket.end(
        `HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
      );
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/2/media/upload/1/append`;
}

async function inMemory(): Promise<BodyPart[]> {
  return [Buffer.alloc(BODY_BYTES, 1)];
}

async function fileSlice(): Promise<BodyPart[]> {
  work = await mkdtemp(join(tmpdir(), 'xfer-early-'));
  const path = join(work, 'segment.bin');
  await writeFile(path, Buffer.alloc(BODY_BYTES, 2));
  return [{ handle: await open(path, 'r'), path, start: 0, length: BODY_BYTES }];
}

describe('an answer that comes before the body is read', () => {
  for (const [label, bodyOf] of [
    ['bytes in memory', inMemory],
    ['a file slice', fileSlice],
  ] as const) {
    it(`settles with the answer (${label}) instead of waiting for the body to be written`, async () => {
      const url = await answeringEarly();
      const body = await bodyOf();
      try {
        const settled = await Promise.race([
          exchange({}, { method: 'POST', url, headers: {}, body, signal: AbortSignal.timeout(30_000) }).then(
            (answer) => ({ answer: { status: answer.status, bodyText: answer.bodyText } }),
            (error: unknown) => ({ error }),
          ),
          // Far below the signal's timeout: only a hang reaches it.
          new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000)),
        ]);
        expect(settled).toMatchObject({ answer: { status: 503, bodyText: expect.stringContaining('Over capacity') } });
      } finally {
        for (const part of body) if (!(part instanceof Uint8Array)) await part.handle.close();
      }
    });
  }
});
