// The web harness: serves the built renderer on 127.0.0.1 and answers the IPC contract over a
// WebSocket with the same dispatcher Electron's ipcMain uses, so the renderer runs unchanged in
// any browser (and in Playwright). Locked to this launch: every route and the socket need the
// token and our own Origin (access.ts). Test mode alone adds a small control API under /__test__/.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventHub } from '../ipc/events.ts';
import { webModePolicy } from '../security.ts';
import {
  errorAnswer,
  fileAnswer,
  previewAnswer,
  rendererAnswer,
  writeAnswer,
  type StaticRequest,
} from '../static/serve.ts';
import { createDispatcher } from '../ipc/handle.ts';
import { checkAccess, createToken, TOKEN_PARAM, tokenCookie } from './access.ts';
import type { CreateApp, HarnessApp } from './app.ts';
import { handleControl } from './control.ts';
import { builtPaths } from './layout.ts';
import { BRIDGE_PATH, MEDIA_PATH, SOCKET_PATH, UPLOAD_PATH } from './protocol.ts';
import { receiveUpload } from './upload-route.ts';
import { contractSocket } from './socket.ts';
import { RecordingPorts } from './test-ports.ts';

/**
 * What a refused browser shows (a bare "403" tells a person nothing): most often a tab from an earlier launch,
 * whose token died with it. Never the token itself.
 */
export const REFUSED_PAGE =
  '403: this Xfer web mode opens only with its own address, token included. Open the URL it printed when it ' +
  'started (http://127.0.0.1:PORT/?token=…); each launch has a new token.';

export interface HarnessOptions {
  dataDir: string;
  /** Where the built renderer (renderer/) and bridge (harness/bridge.js) are. */
  outRoot: string;
  /** The app behind the contract (realApp() for the real services with the embedded sandbox). */
  createApp: CreateApp;
  /** 0 (default) picks a free port; a taken port falls back to a free one. */
  port?: number;
  /** Mounts /__test__/: only the tests set this, never `npm start` or `npm run web`. */
  testMode?: boolean;
  /** Default: a fresh random token per launch. */
  token?: string;
}

export interface Harness {
  /** The page's URL, token included: what `npm run web` prints. */
  url: string;
  origin: string;
  token: string;
  /** The port asked for was taken, so another was picked. */
  portWasTaken: boolean;
  hub: EventHub;
  ports: RecordingPorts;
  app: HarnessApp;
  close(): Promise<void>;
}

async function listen(server: Server, port: number): Promise<{ port: number; portWasTaken: boolean }> {
  const attempt = (at: number) =>
    new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.once('error', onError);
      server.listen(at, '127.0.0.1', () => {
        server.off('error', onError);
        resolve();
      });
    });
  let portWasTaken = false;
  try {
    await attempt(port);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EADDRINUSE' || port === 0) throw error;
    portWasTaken = true;
    await attempt(0);
  }
  return { port: (server.address() as AddressInfo).port, portWasTaken };
}

/** The renderer's index.html with the bridge module placed before the renderer's own script. */
export function withBridge(html: string): string {
  const at = html.indexOf('<script');
  if (at === -1) throw new Error('the built index.html has no script tag');
  return `${html.slice(0, at)}<script type="module" src="${BRIDGE_PATH}"></script>\n    ${html.slice(at)}`;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const { rendererDir, bridgeFile } = builtPaths(options.outRoot);
  const token = options.token ?? createToken();
  const hub = new EventHub();
  const ports = new RecordingPorts();
  const app = await options.createApp({ dataDir: options.dataDir, ports, hub });
  const socket = contractSocket(createDispatcher(app.handlers), hub);
  let gate = { origin: '', token };

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(error instanceof Error ? error.message : String(error));
    });
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const policy = webModePolicy(gate.origin);
    const access = checkAccess(request, gate);
    if (!access.ok) return writeAnswer(errorAnswer(access.status, policy, REFUSED_PAGE), response);
    const url = new URL(request.url ?? '/', gate.origin);
    if (options.testMode && url.pathname.startsWith('/__test__/')) {
      return handleControl(request, response, url.pathname.slice('/__test__/'.length), { hub, ports, app });
    }
    if (url.pathname === UPLOAD_PATH) return receiveUpload(request, response, app, policy);
    const asked: StaticRequest = {
      method: request.method ?? 'GET',
      pathname: url.pathname,
      range: request.headers.range,
    };
    if (url.pathname === BRIDGE_PATH) {
      return writeAnswer(await fileAnswer(bridgeFile, 'text/javascript; charset=utf-8', asked, policy), response);
    }
    if (url.pathname.startsWith(MEDIA_PATH)) {
      const preview = await app.preview(decodeURIComponent(url.pathname.slice(MEDIA_PATH.length)));
      if (!preview) return writeAnswer(errorAnswer(404, policy), response);
      return writeAnswer(await previewAnswer(preview.path, preview.contentType, asked, policy), response);
    }
    const answer = await rendererAnswer(rendererDir, asked, { policy, rewriteIndex: withBridge });
    // The page's own requests (scripts, the socket) then carry the token without it in every URL.
    const cookie =
      access.tokenInQuery && answer.status === 200
        ? { 'set-cookie': tokenCookie(Number(new URL(gate.origin).port), token) }
        : undefined;
    writeAnswer(answer, response, cookie);
  }

  server.on('upgrade', (request, raw, head) => {
    const access = checkAccess(request, gate);
    const path = new URL(request.url ?? '/', gate.origin).pathname;
    // Only our own page may drive the app: the socket needs the token and our Origin (a page always sends one).
    if (!access.ok || path !== SOCKET_PATH || request.headers.origin !== gate.origin) {
      raw.end(`HTTP/1.1 ${access.ok ? 403 : access.status} Forbidden\r\n\r\n`);
      return;
    }
    socket.upgrade(request, raw, head);
  });

  let bound;
  try {
    bound = await listen(server, options.port ?? 0);
  } catch (error) {
    await app.close();
    throw error;
  }
  const origin = `http://127.0.0.1:${bound.port}`;
  gate = { origin, token };

  return {
    url: `${origin}/?${TOKEN_PARAM}=${token}`,
    origin,
    token,
    portWasTaken: bound.portWasTaken,
    hub,
    ports,
    app,
    async close() {
      socket.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}
