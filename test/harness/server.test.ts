// The harness server without a browser: static files with the bridge injected, the contract over
// a WebSocket from our own origin only, events forwarded, previews by file id, test controls.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startHarness, type Harness } from '../../main/harness/server.ts';
import { BRIDGE_PATH, SOCKET_PATH, type ServerMessage } from '../../main/harness/protocol.ts';
import { createFakeApp, type FakeApp } from '../fakes/contract-handlers.ts';

let root: string;
let harness: Harness;
let fake: FakeApp;
let previewFile: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'xfer-harness-'));
  await mkdir(join(root, 'out/renderer/assets'), { recursive: true });
  await mkdir(join(root, 'out/harness'), { recursive: true });
  await writeFile(
    join(root, 'out/renderer/index.html'),
    '<!doctype html><head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'"><script type="module" src="./assets/app.js"></script></head>',
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
    createApp: async () => ({
      handlers: fake.handlers,
      preview: async (fileId) => (fileId === 'known' ? { path: previewFile, contentType: 'video/mp4' } : null),
      close: async () => {},
    }),
  });
});
afterAll(async () => {
  await harness?.close();
  await rm(root, { recursive: true, force: true });
});

function openSocket(origin: string): Promise<WebSocket> {
  const socket = new WebSocket(new URL(SOCKET_PATH, harness.url.replace('http', 'ws')), { origin });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<ServerMessage> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)) as ServerMessage)));
}

describe('web harness server', () => {
  it('serves index.html with the bridge module before the renderer’s script', async () => {
    const html = await (await fetch(harness.url)).text();
    const bridge = html.indexOf(`<script type="module" src="${BRIDGE_PATH}">`);
    expect(bridge).toBeGreaterThan(html.indexOf('Content-Security-Policy'));
    expect(bridge).toBeLessThan(html.indexOf('./assets/app.js'));
  });

  it('serves built assets and the bridge, and nothing outside the build', async () => {
    expect((await fetch(new URL('/assets/app.js', harness.url))).status).toBe(200);
    expect(await (await fetch(new URL(BRIDGE_PATH, harness.url))).text()).toBe('// bridge');
    expect((await fetch(new URL('/assets/%2e%2e/%2e%2e/%2e%2e/preview.bin', harness.url))).status).toBe(404);
  });

  it('answers a channel over the socket with the contract’s result value', async () => {
    const socket = await openSocket(new URL(harness.url).origin);
    socket.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'accounts:list', payload: undefined }));
    const message = await nextMessage(socket);
    expect(message).toMatchObject({ type: 'result', id: 7, result: { ok: true, value: [{ id: 'acct-sandbox' }] } });
    socket.close();
  });

  it('refuses a payload the contract refuses, as a value', async () => {
    const socket = await openSocket(new URL(harness.url).origin);
    socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'sessions:cancel', payload: { id: 5 } }));
    expect(await nextMessage(socket)).toMatchObject({ result: { ok: false, error: { kind: 'bad_request' } } });
    socket.close();
  });

  it('forwards events from the hub to the socket', async () => {
    const socket = await openSocket(new URL(harness.url).origin);
    const message = nextMessage(socket);
    harness.hub.emit('sessionRemoved', { id: 'gone' });
    expect(await message).toEqual({ type: 'event', event: 'sessionRemoved', payload: { id: 'gone' } });
    socket.close();
  });

  it('refuses a socket opened by a page from another origin', async () => {
    await expect(openSocket('http://127.0.0.1:1')).rejects.toThrow();
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

  it('serves a preview by file id, with byte ranges for video elements', async () => {
    const whole = await fetch(new URL('/xfer-media/known', harness.url));
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    const part = await fetch(new URL('/xfer-media/known', harness.url), { headers: { range: 'bytes=2-4' } });
    expect(part.status).toBe(206);
    expect(await part.text()).toBe('234');
    expect((await fetch(new URL('/xfer-media/unknown', harness.url))).status).toBe(404);
  });

  it('queues file-dialog answers and reads recorded clipboard writes through the control API', async () => {
    const queued = await fetch(new URL('/__test__/pick', harness.url), {
      method: 'POST',
      body: JSON.stringify({ paths: ['/a.png'] }),
    });
    expect(await queued.json()).toEqual({ queued: 1 });
    expect(await harness.ports.pickFiles()).toEqual(['/a.png']);
    await harness.ports.writeClipboard('1880000000000000123');
    expect(await (await fetch(new URL('/__test__/clipboard', harness.url))).json()).toEqual(['1880000000000000123']);
  });
});

describe('web harness outside test mode', () => {
  it('has no control API', async () => {
    const plain = await startHarness({
      dataDir: join(root, 'data2'),
      outRoot: join(root, 'out'),
      createApp: async () => ({ handlers: fake.handlers, preview: async () => null, close: async () => {} }),
    });
    try {
      const response = await fetch(new URL('/__test__/clipboard', plain.url));
      expect(response.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
