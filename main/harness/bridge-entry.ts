// Runs in the page before the renderer: builds `window.xfer` with the same createBridge the
// preload uses, over a WebSocket to the harness server instead of Electron's IPC.
// Typechecked with the Node config (no DOM lib), so the few page globals it needs are declared here.
import type { Result } from '../common/errors.ts';
import { createBridge, type Transport } from '../ipc/bridge.ts';
import { CHANNEL_NAMES, EVENT_NAMES, type Channel, type Events } from '../ipc/contract.ts';
import {
  FILE_NAME_HEADER,
  rewritePreviewUrls,
  SOCKET_PATH,
  UPLOAD_PATH,
  type ClientMessage,
  type ServerMessage,
} from './protocol.ts';

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
      const payload = rewritePreviewUrls(data.payload); // sessionChanged carries a thumbnail's previewUrl
      for (const listener of listeners.get(data.event) ?? []) listener(payload);
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

// A page has no file paths: a picked or dropped file's bytes are streamed to the staging folder
// (UPLOAD_PATH, with the token cookie) and added by the opaque id main answers with.
interface PageFile {
  name: string;
  size: number;
}
interface FileInput {
  type: string;
  multiple: boolean;
  hidden: boolean;
  files: ArrayLike<PageFile> | null;
  addEventListener(type: 'change' | 'cancel', listener: () => void, options?: { once: boolean }): void;
  click(): void;
  remove(): void;
}
declare const document: { createElement(tag: 'input'): FileInput; body: { append(node: FileInput): void } };

async function stage(file: PageFile): Promise<string> {
  const response = await fetch(UPLOAD_PATH, {
    method: 'POST',
    headers: { [FILE_NAME_HEADER]: encodeURIComponent(file.name) },
    body: file as unknown as Blob,
  });
  const answer = (await response.json()) as { stagedId?: string; error?: string };
  if (!response.ok || !answer.stagedId) throw new Error(answer.error ?? `upload failed (${response.status})`);
  return answer.stagedId;
}

async function addFiles(
  transport: Transport,
  files: readonly PageFile[],
  folders: readonly PageFolder[] = [],
): Promise<Result<unknown>> {
  if (files.length === 0 && folders.length === 0) return { ok: true, value: { files: [], folders: [] } };
  const ids: string[] = [];
  const staged: { name: string; entries: { id: string; path: string }[] }[] = [];
  try {
    for (const file of files) ids.push(await stage(file));
    for (const folder of folders) {
      const entries: { id: string; path: string }[] = [];
      for (const { file, path } of folder.files) entries.push({ id: await stage(file), path });
      staged.push({ name: folder.name, entries });
    }
  } catch (error) {
    return { ok: false, error: { kind: 'environment', message: (error as Error).message, retryable: true } };
  }
  return transport.invoke('files:addStaged', staged.length > 0 ? { ids, folders: staged } : { ids });
}

/** Only the list of files, for the channels that answer with one (pick, paste). */
async function addFileList(transport: Transport, files: readonly PageFile[]): Promise<Result<unknown>> {
  const added = await addFiles(transport, files);
  return added.ok ? { ok: true, value: (added.value as { files: unknown[] }).files } : added;
}

// A browser gives no folder paths: a dropped folder is walked in the page through its FileSystemEntry
// (webkitGetAsEntry, taken during the drop), and every file in it is staged; main decides what is media.
interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  file?(resolve: (file: PageFile) => void, reject: (error: unknown) => void): void;
  createReader?(): { readEntries(resolve: (entries: Entry[]) => void, reject: (error: unknown) => void): void };
}
interface PageFolder {
  name: string;
  files: { file: PageFile; path: string }[];
}
/** The most files one drop stages (main takes as many in one add). */
const MAX_DROPPED_FILES = 1000;

async function readFolder(root: Entry): Promise<PageFolder> {
  const files: { file: PageFile; path: string }[] = [];
  const visit = async (folder: Entry, prefix: string): Promise<void> => {
    const reader = folder.createReader!();
    // readEntries answers in batches (100 in Chromium) until it answers with none.
    for (;;) {
      const batch = await new Promise<Entry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) return;
      for (const entry of batch) {
        if (files.length >= MAX_DROPPED_FILES) return;
        const path = prefix + entry.name;
        if (entry.isDirectory) await visit(entry, `${path}/`);
        else if (entry.isFile && !entry.name.startsWith('.')) {
          files.push({ file: await new Promise<PageFile>((resolve, reject) => entry.file!(resolve, reject)), path });
        }
      }
    }
  };
  await visit(root, '');
  return { name: root.name, files };
}

async function addDropped(transport: Transport, items: readonly { file: PageFile; entry: unknown }[]) {
  const files: PageFile[] = [];
  const folders: PageFolder[] = [];
  for (const item of items) {
    const entry = item.entry as Entry | null;
    if (entry?.isDirectory) folders.push(await readFolder(entry));
    else files.push(item.file);
  }
  return addFiles(transport, files, folders);
}

/** The browser's own file chooser; resolves with nothing when the person closes it. */
function chooseFiles(): Promise<PageFile[]> {
  const input = document.createElement('input');
  input.type = 'file';
  input.multiple = true;
  input.hidden = true;
  document.body.append(input);
  return new Promise((resolve) => {
    const done = () => {
      resolve(Array.from(input.files ?? []));
      input.remove();
    };
    input.addEventListener('change', done, { once: true });
    input.addEventListener('cancel', done, { once: true });
    input.click();
  });
}

const transport = connect();
const api = createBridge(transport, { channels: CHANNEL_NAMES, events: EVENT_NAMES }) as unknown as {
  files: Record<string, (argument?: unknown) => Promise<Result<unknown>>>;
};
// Test mode may queue a dialog answer (paths on this machine); otherwise the browser's chooser opens.
api.files['pick'] = async () => {
  const queued = await transport.invoke('files:pick', undefined);
  if (!queued.ok || (queued.value as unknown[]).length > 0) return queued;
  return addFileList(transport, await chooseFiles());
};
api.files['addDropped'] = (items) =>
  addDropped(transport, Array.from(items as ArrayLike<{ file: PageFile; entry: unknown }>));
// A pasted image is staged like a dropped file.
api.files['addPasted'] = (files) => addFileList(transport, Array.from(files as ArrayLike<PageFile>));
page.xfer = api;
