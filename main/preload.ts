// The sandboxed preload: builds window.xfer from the contract and exposes nothing else —
// never ipcRenderer itself. Bundled into one CommonJS file (electron.vite.config.ts).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { Result } from './common/errors.ts';
import { createBridge } from './ipc/bridge.ts';
import { CHANNEL_NAMES, EVENT_NAMES, eventChannel, type DroppedItem } from './ipc/contract.ts';

const api = createBridge(
  {
    invoke: (channel, payload) => ipcRenderer.invoke(channel, payload) as Promise<Result<unknown>>,
    subscribe: (event, listener) => {
      const channel = eventChannel(event);
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, wrapped);
      return () => ipcRenderer.removeListener(channel, wrapped);
    },
  },
  { channels: CHANNEL_NAMES, events: EVENT_NAMES },
  {
    // Dropped files: the page hands over File objects, main receives real paths. The page
    // itself never types a path (File.path is gone since Electron 32).
    // A folder's File gives the folder's path: main expands it.
    'files:addDropped': (items: DroppedItem[]) => ({
      paths: Array.from(items, (item) => webUtils.getPathForFile(item.file)).filter((path) => path.length > 0),
    }),
    // A pasted image has no path: its bytes go to main, which keeps them in the data folder.
    'files:addPasted': async (files: File[]) => ({
      files: await Promise.all(
        Array.from(files, async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })),
      ),
    }),
  },
);

contextBridge.exposeInMainWorld('xfer', api);
