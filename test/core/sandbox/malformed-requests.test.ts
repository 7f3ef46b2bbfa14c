// Requests a client library would never build, written by hand to the socket: the sandbox still answers
// as X does (an X-shaped JSON error), never a 500 from its own parsing or an empty default answer.
import { once } from 'node:events';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/core/sandbox/index.ts';

let sandbox: Sandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

/** Writes `head` as is and returns the whole answer the sandbox sent before closing or going quiet. */
async function rawExchange(head: string): Promise<{ status: number; headers: string; body: string }> {
  sandbox ??= await startSandbox();
  const socket = connect(Number(new URL(sandbox.url).port), '127.0.0.1');
  socket.write(head);
  let text = '';
  socket.setEncoding('latin1').on('data', (part: string) => {
    text += part;
    const end = text.indexOf('\r\n\r\n');
    const length = /content-length: *(\d+)/i.exec(text.slice(0, end))?.[1];
    if (end >= 0 && length !== undefined && text.length >= end + 4 + Number(length)) socket.end();
  });
  await Promise.race([once(socket, 'close'), new Promise((resolve) => setTimeout(resolve, 3000))]);
  socket.destroy();
  const end = text.indexOf('\r\n\r\n');
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0),
    headers: text.slice(0, end),
    body: text.slice(end + 4),
  };
}

describe('malformed requests', () => {
  it('a malformed Host is a 400 with an X-shaped body', async () => {
    const answer = await rawExchange('GET /2/users/me HTTP/1.1\r\nHost: bad host[::\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ title: 'Invalid Request', status: 400, errors: [{ code: 38 }] });
  });

  it('a Host that carries more than a host name is a 400 too', async () => {
    const answer = await rawExchange('GET /2/users/me HTTP/1.1\r\nHost: 127.0.0.1/evil\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 400 });
  });

  it('oversized headers get a 431 with an X-shaped JSON body', async () => {
    const answer = await rawExchange(
      `GET /2/users/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
    );
    expect(answer.status).toBe(431);
    expect(answer.headers.toLowerCase()).toContain('content-type: application/json');
    expect(JSON.parse(answer.body)).toMatchObject({
      title: 'Request Header Fields Too Large',
      status: 431,
      errors: [{ message: expect.stringContaining('headers') }],
    });
  });
});
