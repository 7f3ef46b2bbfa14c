// The web harness: serves the built renderer on 127.0.0.1 and answers the IPC contract over a
// WebSocket with the same dispatcher Electron's ipcMain uses, so the renderer runs unchanged in
// any browser (and in Playwright). Test mode adds a small control API under /__test__/.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Handlers } from '../ipc/contract.ts';
import { EventHub } from '../ipc/events.ts';
import { createDispatcher } from '../ipc/handle.ts';
import { builtPaths, DEFAULT_OUT } from './build.ts';
import { BRIDGE_PATH, MEDIA_PATH, SOCKET_PATH, type ClientMessage, type ServerMessage } from './protocol.ts';
import { contentTypeOf, injectedIndex, safeJoin, sendFile } from './static.ts';
import { RecordingPorts } from './test-ports.ts';
import { handleControl } from './control.ts';

/** What the harness needs from the app behind it: handlers, previews, and (for tests) the network switch. */
export interface HarnessApp {
  handlers: Handlers;
  /** The file behind a FileView's preview, or null when there is none. */
  preview(fileId: string): Promise<{ path: string; contentType: string } | null>;
  /** Test mode: take the embedded X API down (offline) or bring it back. */
  setOnline?(online: boolean): Promise<void>;
  close(): Promise<void>;
}

export type CreateApp = (context: { dataDir: string; ports: RecordingPorts; hub: EventHub }) => Promise<HarnessApp>;

export interface HarnessOptions {
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  testMode?: boolean;
  /** Where buildHarness wrote its output (default out/). */
  outRoot?: string;
  /** The app behind the contract; default: the real services with the embedded sandbox. */
  createApp?: CreateApp;
}

export interface Harness {
  url: string;
  hub: EventHub;
  ports: RecordingPorts;
  app: HarnessApp;
  close(): Promise<void>;
}

/** The real services load lazily, so tests of the server alone never open a keychain or a ledger. */
async function defaultApp(): Promise<CreateApp> {
  const { createRealApp } = await import('./real-app.ts');
  return createRealApp;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const { rendererDir, bridgeFile } = builtPaths(options.outRoot ?? DEFAULT_OUT);
  const hub = new EventHub();
  const ports = new RecordingPorts();
  const app = await (options.createApp ?? (await defaultApp()))({ dataDir: options.dataDir, ports, hub });
  const dispatch = createDispatcher(app.handlers);
  let origin = '';

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(error instanceof Error ? error.message : String(error));
    });
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // DNS rebinding: a page from another name that resolves to 127.0.0.1 gets nothing here.
    if (request.headers.host !== new URL(origin).host) return void response.writeHead(421).end();
    const url = new URL(request.url ?? '/', origin);
    if (options.testMode && url.pathname.startsWith('/__test__/')) {
      return handleControl(request, response, url.pathname.slice('/__test__/'.length), { hub, ports, app });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405).end();
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const html = await injectedIndex(rendererDir);
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return void response.end(html);
    }
    if (url.pathname === BRIDGE_PATH) return sendFile(request, response, bridgeFile, contentTypeOf(bridgeFile));
    if (url.pathname.startsWith(MEDIA_PATH)) {
      const preview = await app.preview(decodeURIComponent(url.pathname.slice(MEDIA_PATH.length)));
      if (!preview) return void response.writeHead(404).end();
      return sendFile(request, response, preview.path, preview.contentType);
    }
    const file = safeJoin(rendererDir, url.pathname);
    if (!file) return void response.writeHead(404).end();
    return sendFile(request, response, file, contentTypeOf(file));
  }

  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    // Only our own page may drive the app: another local site cannot open this socket.
    const url = new URL(request.url ?? '/', origin);
    const ownHost = request.headers.host === new URL(origin).host;
    if (url.pathname !== SOCKET_PATH || request.headers.origin !== origin || !ownHost) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => serve(client));
  });

  function send(client: WebSocket, message: ServerMessage): void {
    if (client.readyState === client.OPEN) client.send(JSON.stringify(message));
  }

  function serve(client: WebSocket): void {
    const unsubscribe = hub.subscribe((event, payload) => send(client, { type: 'event', event, payload }));
    client.on('close', unsubscribe);
    client.on('message', (data) => {
      let message: ClientMessage;
      try {
        message = JSON.parse(String(data)) as ClientMessage;
      } catch {
        return;
      }
      if (message.type !== 'invoke' || typeof message.id !== 'number') return;
      dispatch(String(message.channel), message.payload).then(
        (result) => send(client, { type: 'result', id: message.id, result }),
        (error: unknown) => {
          console.error(`harness: ${String(message.channel)} failed:`, error);
          send(client, {
            type: 'crash',
            id: message.id,
            message: error instanceof Error ? error.message : String(error),
          });
        },
      );
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/`,
    hub,
    ports,
    app,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}
