// The harness's WebSocket: the IPC contract as JSON frames. Every frame is checked (frames.ts), a
// socket's own errors stay on that socket, and the hub's events go to every open page.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventHub } from '../ipc/events.ts';
import type { Dispatch } from '../ipc/handle.ts';
import { MAX_SOCKET_PAYLOAD, parseFrame } from './frames.ts';
import type { ServerMessage } from './protocol.ts';

export interface ContractSocket {
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

function send(client: WebSocket, message: ServerMessage): void {
  if (client.readyState === client.OPEN) client.send(JSON.stringify(message));
}

export function contractSocket(dispatch: Dispatch, hub: EventHub): ContractSocket {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_SOCKET_PAYLOAD });

  function serve(client: WebSocket): void {
    const unsubscribe = hub.subscribe((event, payload) => send(client, { type: 'event', event, payload }));
    client.on('close', unsubscribe);
    // A frame over maxPayload or invalid UTF-8: ws closes this socket; without a listener the error would be thrown.
    client.on('error', (error) => console.error(`harness: a page's socket failed: ${error.message}`));
    client.on('message', (data, isBinary) => {
      const frame = parseFrame(data, isBinary);
      if (!frame.ok) return send(client, { type: 'error', id: frame.id, message: frame.message });
      const { id, channel, payload } = frame.message;
      dispatch(channel, payload).then(
        (result) => send(client, { type: 'result', id, result }),
        (error: unknown) => {
          console.error(`harness: ${channel} failed:`, error);
          send(client, { type: 'crash', id, message: error instanceof Error ? error.message : String(error) });
        },
      );
    });
  }

  return {
    upgrade: (request, socket, head) => sockets.handleUpgrade(request, socket, head, serve),
    close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
    },
  };
}
