// Runs in the page before the renderer: builds `window.xfer` with the same createBridge the
// preload uses, over a WebSocket to the harness server instead of Electron's IPC.
// Typechecked with the Node config (no DOM lib), so the few page globals it needs are declared here.
import type { Result } from '../core/errors.ts';
import { createBridge, type Transport } from '../ipc/bridge.ts';
import { CHANNEL_NAMES, EVENT_NAMES, type Channel, type Events } from '../ipc/contract.ts';
import { rewritePreviewUrls, SOCKET_PATH, type ClientMessage, type ServerMessage } from './protocol.ts';

const page = globalThis as unknown as { location: { host: string; search: string }; xfer?: unknown };

function connect(): Transport {
  // The first page load set the token cookie, which the socket sends; the URL's token is passed as well.
  const token = new URLSearchParams(page.location.search).get('token');
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  const socket = new WebSocket(`ws://${page.location.host}${SOCKET_PATH}${query}`);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('harness socket failed')), { once: true });
  });
  const pending = new Map<number, { resolve: (result: Result<unknown>) => void; reject: (error: Error) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data)) as ServerMessage;
    if (data.type === 'event') {
      for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
      return;
    }
    if (data.id === null) {
      if (data.type === 'error') console.error(`web mode refused a frame: ${data.message}`);
      return;
    }
    const waiter = pending.get(data.id);
    pending.delete(data.id);
    if (!waiter) return;
    if (data.type === 'crash' || data.type === 'error') waiter.reject(new Error(data.message));
    else waiter.resolve(data.result.ok ? { ok: true, value: rewritePreviewUrls(data.result.value) } : data.result);
  });
  socket.addEventListener('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('harness socket closed'));
    pending.clear();
  });

  return {
    async invoke(channel: Channel, payload: unknown) {
      await opened;
      const id = nextId++;
      const message: ClientMessage = { type: 'invoke', id, channel, payload };
      return new Promise<Result<unknown>>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify(message));
      });
    },
    subscribe(event: keyof Events, listener: (payload: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}

// A page has no file paths for dropped File objects; the harness passes their names, which main
// refuses as unknown files. Tests add files through the pick control instead.
const droppedAsNames = (files: { name: string }[] | { paths: string[] }) =>
  Array.isArray(files) ? { paths: files.map((file) => file.name) } : files;

page.xfer = createBridge(
  connect(),
  { channels: CHANNEL_NAMES, events: EVENT_NAMES },
  { 'files:addDropped': droppedAsNames as (argument: never) => unknown },
);
