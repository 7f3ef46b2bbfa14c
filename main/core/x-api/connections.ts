// The keep-alive agents Xfer's requests go through (node-exchange.ts), able to open a connection ahead of the
// request that will use it. A run opens its first connection (TCP and TLS handshakes) as it starts, so the
// handshakes overlap the run's own work before its first request (the ledger's writes, the file check, the
// signing) instead of following it: on the 5 MB image's one request, that work and the handshakes each take
// a few ms. Nothing is sent on it until a request is: X sees a connection, then that request on it.
import { isIP } from 'node:net';
import { Agent as HttpsAgent, globalAgent as httpsGlobalAgent } from 'node:https';
import type { Agent as HttpAgent, AgentOptions, ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import { nodeHttp } from './node-http.ts';

/** How long an opened connection waits for its request: as long as the agents keep an idle socket. */
const OPEN_AHEAD_MS = 5000;

function originKey(host: string, port: number): string {
  return `${host}:${port}`;
}

/** Connections opened ahead, one per origin, each handed to the first request that needs a new one. */
class OpenedAhead {
  readonly #sockets = new Map<string, { socket: Duplex; drop: () => void; timer: NodeJS.Timeout }>();

  has(key: string): boolean {
    return this.#sockets.has(key);
  }

  hold(key: string, socket: Duplex): void {
    const drop = (): void => {
      const held = this.#sockets.get(key);
      if (held?.socket !== socket) return;
      this.#sockets.delete(key);
      clearTimeout(held.timer);
      socket.destroy();
    };
    // Unused in time (the run failed before its request, or sent none): closed, as an idle keep-alive one is.
    const timer = setTimeout(drop, OPEN_AHEAD_MS);
    timer.unref();
    socket.on('error', drop);
    socket.on('close', drop);
    this.#sockets.set(key, { socket, drop, timer });
  }

  /** The connection opened ahead for this request's origin, no longer held here, or undefined. */
  take(options: ClientRequestArgs): Duplex | undefined {
    const key = originKey(String(options.host ?? options.hostname ?? 'localhost'), Number(options.port));
    const held = this.#sockets.get(key);
    if (!held) return undefined;
    this.#sockets.delete(key);
    clearTimeout(held.timer);
    // From here the request and the agent own it, and see its errors.
    held.socket.off('error', held.drop);
    held.socket.off('close', held.drop);
    return held.socket.destroyed ? undefined : held.socket;
  }
}

type Settings = AgentOptions & { proxyEnv?: unknown };

interface OpeningAgent {
  readonly opened: OpenedAhead;
  readonly freeSockets: HttpAgent['freeSockets'];
  readonly settings: Settings;
  /** A new connection to the origin, as the agent itself would open one for a request. */
  connect(host: string, port: number): Duplex | null | undefined;
}

class OpeningHttpsAgent extends HttpsAgent implements OpeningAgent {
  readonly opened = new OpenedAhead();

  readonly settings: Settings;

  constructor(settings: Settings) {
    super(settings);
    this.settings = settings;
  }

  override createConnection(
    options: ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    return this.opened.take(options) ?? super.createConnection(options, callback);
  }

  connect(host: string, port: number): Duplex | null | undefined {
    return super.createConnection({ ...this.settings, host, port, ...(isIP(host) === 0 && { servername: host }) });
  }
}

class OpeningHttpAgent extends nodeHttp.Agent implements OpeningAgent {
  readonly opened = new OpenedAhead();

  readonly settings: Settings;

  constructor(settings: Settings) {
    super(settings);
    this.settings = settings;
  }

  override createConnection(
    options: ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    return this.opened.take(options) ?? super.createConnection(options, callback);
  }

  connect(host: string, port: number): Duplex | null | undefined {
    return super.createConnection({ ...this.settings, host, port });
  }
}

// The same settings as Node's global agents (keep-alive, LIFO, 5 s idle timeout, the proxy from the
// environment when NODE_USE_ENV_PROXY asks for one).
let httpsAgent: OpeningHttpsAgent | null = null;
let httpAgent: OpeningHttpAgent | null = null;

/** The agent a request to `target` goes through. */
export function agentFor(target: URL): OpeningHttpsAgent | OpeningHttpAgent {
  if (target.protocol === 'https:') return (httpsAgent ??= new OpeningHttpsAgent({ ...httpsGlobalAgent.options }));
  // http.Agent has the same `options` as https.Agent at run time; only https.Agent's types say so.
  return (httpAgent ??= new OpeningHttpAgent({
    ...(nodeHttp.globalAgent as unknown as { options: Settings }).options,
  }));
}

/**
 * Opens a connection to `url`'s origin for the next request there, unless one is open and idle already (a
 * keep-alive socket, or one opened ahead). Not through a proxy: the proxy's tunnel is the agent's to make.
 */
export function openAhead(url: string): void {
  const target = new URL(url);
  const agent: OpeningAgent = agentFor(target);
  if (agent.settings.proxyEnv) return;
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const key = originKey(host, port);
  if (agent.opened.has(key)) return;
  const idle = Object.entries(agent.freeSockets).some(
    ([name, sockets]) => name.startsWith(`${key}:`) && (sockets?.length ?? 0) > 0,
  );
  if (idle) return;
  const socket = agent.connect(host, port);
  if (socket) agent.opened.hold(key, socket);
}
