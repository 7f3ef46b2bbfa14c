// The harness server without a browser: static files with the bridge injected, the contract over
// a WebSocket, events forwarded, previews by file id, test controls — and the lock: the launch's
// token and our own Origin on every route and on the socket, every frame checked.
import { createServer } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { TOKEN_HEADER } from '../../main/harness/access.ts';
import type { CreateApp } from '../../main/harness/app.ts';
import { MAX_FRAME_BYTES } from '../../main/harness/frames.ts';
import { BRIDGE_PATH, SOCKET_PATH, type ServerMessage } from '../../main/harness/protocol.ts';
import { REFUSED_PAGE, startHarness, type Harness } from '../../main/harness/server.ts';
import { createFakeApp, type FakeApp } from '../fakes/contract-handlers.ts';

let root: string;
let harness: Harness;
let fake: FakeApp;
let previewFile: string;

const uploads: Array<{ name: string; body: string; announced: number | null }> = [];
const fakeApp = (): CreateApp => async () => ({
  handlers: fake.handlers,
  stage: async (name, body, announced) => {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    uploads.push({ name, body: Buffer.concat(chunks).toString(), announced });
    return { stagedId: 'staged_1', bytes: Buffer.concat(chunks).length };
  },
  preview: async (fileId) => (fileId === 'known' ? { path: previewFile, contentType: 'video/mp4' } : null),
  close: async () => {},
});

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'xfer-harness-'));
  await mkdir(join(root, 'out/renderer/assets'), { recursive: true });
  await mkdir(join(root, 'out/harness'), { recursive: true });
  await writeFile(
    join(root, 'out/renderer/index.html'),
    '<!doctype html><head><title>x</title><script type="module" src="./assets/app.js"></script></head>',
  );
  await writeFile(join(root, 'out/renderer/assets/app.js'), 'export {};');
  await writeFile(join(root, 'out/harness/bridge.js'), '// bridge');
  previewFile = join(root, 'preview.bin');
  await writeFile(previewFile, Buffer.from('0123456789'));
  fake = createFakeApp();
  harness = await startHarness({
    dataDir: join(root, 'data'),
    outRoot: join(root, 'out'),
    testMode: true,
    createApp: fakeApp(),
  });
});
afterAll(async () => {
  await harness?.close();
  await rm(root, { recursive: true, force: true });
});

/** A request with the launch's token (as the page's cookie or a tool's header would carry it). */
const authed = (path: string, init: RequestInit = {}) =>
  fetch(new URL(path, harness.origin), {
    ...init,
    headers: { [TOKEN_HEADER]: harness.token, ...(init.headers as Record<string, string>) },
  });

function openSocket(options: { origin?: string; query?: string; headers?: Record<string, string> } = {}) {
  const url = new URL(SOCKET_PATH + (options.query ?? `?token=${harness.token}`), harness.origin.replace('http', 'ws'));
  const socket = new WebSocket(url, { origin: options.origin ?? harness.origin, headers: options.headers });
  return new Promise<WebSocket>((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`status ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<ServerMessage> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)) as ServerMessage)));
}

function invoke(socket: WebSocket, id: number, channel: string, payload?: unknown): Promise<ServerMessage> {
  const answer = nextMessage(socket);
  socket.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
  return answer;
}

describe('web harness server', () => {
  it('serves index.html, token in the URL, with the bridge before the renderer’s script and sets the token cookie', async () => {
    const response = await fetch(harness.url);
    expect(response.status).toBe(200);
    const html = await response.text();
    const bridge = html.indexOf(`<script type="module" src="${BRIDGE_PATH}">`);
    expect(bridge).toBeGreaterThan(0);
    expect(bridge).toBeLessThan(html.indexOf('./assets/app.js'));
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`=${harness.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    // The cookie alone lets the page's own requests in.
    const asset = await fetch(new URL('/assets/app.js', harness.origin), {
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(asset.status).toBe(200);
  });

  it('serves built assets and the bridge, and nothing outside the build', async () => {
    expect((await authed('/assets/app.js')).status).toBe(200);
    expect(await (await authed(BRIDGE_PATH)).text()).toBe('// bridge');
    expect((await authed('/assets/%2e%2e/%2e%2e/%2e%2e/preview.bin')).status).toBe(404);
  });

  it('answers a channel over the socket with the contract’s result value', async () => {
    const socket = await openSocket();
    expect(await invoke(socket, 7, 'accounts:list')).toMatchObject({
      type: 'result',
      id: 7,
      result: { ok: true, value: [{ id: 'acct-sandbox' }] },
    });
    socket.close();
  });

  it('refuses a payload the contract refuses, as a value', async () => {
    const socket = await openSocket();
    expect(await invoke(socket, 1, 'sessions:cancel', { id: 5 })).toMatchObject({
      result: { ok: false, error: { kind: 'bad_request' } },
    });
    socket.close();
  });

  it('forwards events from the hub to the socket', async () => {
    const socket = await openSocket();
    const message = nextMessage(socket);
    harness.hub.emit('sessionRemoved', { id: 'gone' });
    expect(await message).toEqual({ type: 'event', event: 'sessionRemoved', payload: { id: 'gone' } });
    socket.close();
  });

  it('serves a preview by file id, with byte ranges for video elements', async () => {
    const whole = await authed('/xfer-media/known');
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    const part = await authed('/xfer-media/known', { headers: { range: 'bytes=2-4' } });
    expect(part.status).toBe(206);
    expect(await part.text()).toBe('234');
    expect((await authed('/xfer-media/unknown')).status).toBe(404);
  });

  it('queues file-dialog answers and reads recorded clipboard writes through the control API', async () => {
    const queued = await authed('/__test__/pick', { method: 'POST', body: JSON.stringify({ paths: ['/a.png'] }) });
    expect(await queued.json()).toEqual({ queued: 1 });
    expect(await harness.ports.pickFiles()).toEqual(['/a.png']);
    await harness.ports.writeClipboard('1880000000000000123');
    expect(await (await authed('/__test__/clipboard')).json()).toEqual(['1880000000000000123']);
  });
});

describe('uploads', () => {
  it('hands the body and the decoded name to the app, and answers its staged id', async () => {
    const response = await authed('/__upload__', {
      method: 'POST',
      body: 'bytes!',
      headers: { 'x-xfer-file-name': encodeURIComponent('été 1.png') },
    });
    expect(await response.json()).toEqual({ stagedId: 'staged_1', bytes: 6 });
    expect(uploads.at(-1)).toEqual({ name: 'été 1.png', body: 'bytes!', announced: 6 });
  });

  it('answers 405 to a GET, 400 without a name, 403 without the token, 404 from an app that takes none', async () => {
    expect((await authed('/__upload__')).status).toBe(405);
    expect((await authed('/__upload__', { method: 'POST', body: 'x' })).status).toBe(400);
    const badName = await authed('/__upload__', {
      method: 'POST',
      body: 'x',
      headers: { 'x-xfer-file-name': '%E0%A4%A' },
    });
    expect(badName.status).toBe(400);
    const anonymous = await fetch(new URL('/__upload__', harness.origin), {
      method: 'POST',
      body: 'x',
      headers: { 'x-xfer-file-name': 'a.png' },
    });
    expect(anonymous.status).toBe(403);
    const none = await startHarness({
      dataDir: join(root, 'd5'),
      outRoot: join(root, 'out'),
      createApp: async () => ({ handlers: fake.handlers, preview: async () => null, close: async () => {} }),
    });
    try {
      const refused = await fetch(new URL('/__upload__', none.origin), {
        method: 'POST',
        body: 'x',
        headers: { [TOKEN_HEADER]: none.token, 'x-xfer-file-name': 'a.png' },
      });
      expect(refused.status).toBe(404);
    } finally {
      await none.close();
    }
  });
});

describe('the lock', () => {
  const routes = [
    '/',
    '/index.html',
    '/assets/app.js',
    BRIDGE_PATH,
    '/xfer-media/known',
    '/__test__/clipboard',
    '/__upload__',
  ];

  it('answers 403 on every HTTP route without the token or with a wrong one', async () => {
    for (const path of routes) {
      expect((await fetch(new URL(path, harness.origin))).status, path).toBe(403);
      expect((await fetch(new URL(`${path}?token=wrong`, harness.origin))).status, path).toBe(403);
      const wrongHeader = await fetch(new URL(path, harness.origin), { headers: { [TOKEN_HEADER]: 'x'.repeat(32) } });
      expect(wrongHeader.status, path).toBe(403);
      const wrongCookie = await fetch(new URL(path, harness.origin), {
        headers: { cookie: `xfer-token-${new URL(harness.origin).port}=nope` },
      });
      expect(wrongCookie.status, path).toBe(403);
    }
    // A person who opens an old tab is told what to do, and the answer never holds the token.
    const page = await (await fetch(new URL('/?token=wrong', harness.origin))).text();
    expect(page).toBe(REFUSED_PAGE);
    expect(page).toMatch(/Open the URL it printed when it started/);
    expect(page).not.toContain(harness.token);
  });

  it('answers 403 to a request from another origin even with the token', async () => {
    for (const path of routes) {
      const forged = await authed(path, { headers: { origin: 'http://evil.example' } });
      expect(forged.status, path).toBe(403);
    }
  });

  it('answers nothing to a request for another host name (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const call = request(harness.url, { headers: { host: 'rebound.example:80' } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      call.on('error', reject);
      call.end();
    });
    expect(status).toBe(421);
  });

  it('refuses a socket without the token, with a wrong one, or from a forged Origin', async () => {
    await expect(openSocket({ query: '' })).rejects.toThrow('status 403');
    await expect(openSocket({ query: '?token=wrong' })).rejects.toThrow('status 403');
    await expect(openSocket({ origin: 'http://127.0.0.1:1' })).rejects.toThrow('status 403');
    await expect(openSocket({ origin: 'http://evil.example' })).rejects.toThrow('status 403');
    // The page's cookie is enough for its socket.
    const port = new URL(harness.origin).port;
    const byCookie = await openSocket({ query: '', headers: { cookie: `xfer-token-${port}=${harness.token}` } });
    byCookie.close();
  });
});

describe('frames', () => {
  it('answers null, non-JSON, non-invoke and oversized frames with an error and keeps the socket', async () => {
    const socket = await openSocket();
    const answers: ServerMessage[] = [];
    for (const frame of ['null', 'garbage{', '42', '{"type":"invoke"}', '{"type":"invoke","id":3,"channel":7}']) {
      const answer = nextMessage(socket);
      socket.send(frame);
      answers.push(await answer);
    }
    expect(answers.map((answer) => answer.type)).toEqual(['error', 'error', 'error', 'error', 'error']);
    expect(answers[4]).toMatchObject({ type: 'error', id: 3 });
    const big = nextMessage(socket);
    socket.send(
      JSON.stringify({ type: 'invoke', id: 9, channel: 'accounts:list', payload: 'x'.repeat(MAX_FRAME_BYTES) }),
    );
    expect(await big).toMatchObject({ type: 'error', message: expect.stringContaining('limit') });
    const binary = nextMessage(socket);
    socket.send(Buffer.from([1, 2, 3]));
    expect(await binary).toMatchObject({ type: 'error' });
    expect(await invoke(socket, 10, 'accounts:list')).toMatchObject({ type: 'result', id: 10 });
    socket.close();
  });

  it('keeps serving after 1,000 malformed frames in a burst', async () => {
    const socket = await openSocket();
    let errors = 0;
    const all = new Promise<void>((resolve) =>
      socket.on('message', (data) => {
        if ((JSON.parse(String(data)) as ServerMessage).type === 'error' && ++errors === 1000) resolve();
      }),
    );
    for (let i = 0; i < 1000; i++) socket.send(i % 3 === 0 ? 'null' : i % 3 === 1 ? '{{{' : '[1,2]');
    await all;
    socket.removeAllListeners('message');
    expect(await invoke(socket, 11, 'accounts:list')).toMatchObject({ type: 'result', id: 11 });
    socket.close();
    // A fresh socket and plain HTTP are still served.
    const another = await openSocket();
    another.close();
    expect((await authed('/assets/app.js')).status).toBe(200);
  });
});

describe('web harness outside test mode', () => {
  it('has no control API, even with the token', async () => {
    const plain = await startHarness({
      dataDir: join(root, 'data2'),
      outRoot: join(root, 'out'),
      createApp: fakeApp(),
    });
    try {
      for (const action of ['clipboard', 'opened', 'notifications']) {
        expect(
          (await fetch(new URL(`/__test__/${action}`, plain.origin), { headers: { [TOKEN_HEADER]: plain.token } }))
            .status,
        ).toBe(404);
      }
      const post = await fetch(new URL('/__test__/pick', plain.origin), {
        method: 'POST',
        headers: { [TOKEN_HEADER]: plain.token },
        body: JSON.stringify({ paths: ['/etc/passwd'] }),
      });
      expect(post.status).toBe(405);
      await expect(plain.ports.pickFiles()).resolves.toEqual([]);
    } finally {
      await plain.close();
    }
  });

  it('runs two at once, each with its own token, and a taken port picks another', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const taken = (blocker.address() as { port: number }).port;
    const first = await startHarness({
      dataDir: join(root, 'd3'),
      outRoot: join(root, 'out'),
      createApp: fakeApp(),
      port: taken,
    });
    const second = await startHarness({
      dataDir: join(root, 'd4'),
      outRoot: join(root, 'out'),
      createApp: fakeApp(),
      port: taken,
    });
    try {
      expect(first.portWasTaken).toBe(true);
      expect(second.portWasTaken).toBe(true);
      expect(first.origin).not.toBe(second.origin);
      expect(first.token).not.toBe(second.token);
      expect((await fetch(first.url)).status).toBe(200);
      expect((await fetch(second.url)).status).toBe(200);
      // One launch's token does not open the other.
      expect((await fetch(`${second.origin}/?token=${first.token}`)).status).toBe(403);
    } finally {
      await first.close();
      await second.close();
      blocker.close();
    }
  });
});
