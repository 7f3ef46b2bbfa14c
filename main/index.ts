// The Electron composition root: app lifecycle, the Electron adapters for main's ports,
// IPC registration, the window. Everything else is Electron-free (main/app, main/core).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, clipboard, dialog, ipcMain, net, Notification, protocol, shell } from 'electron';
import Store from 'electron-store';
import { createHandlers } from './app/handlers.ts';
import { openServices, type Services } from './app/services.ts';
import { EventHub } from './ipc/events.ts';
import { createDispatcher } from './ipc/handle.ts';
import { forwardEvents, registerIpc, type TrustedWindows } from './register-ipc.ts';
import { PREVIEW_SCHEME } from './security.ts';
import { createMainWindow, hardenSession } from './window.ts';

// Previews are served from our own scheme so the CSP can allow exactly that and no file://.
protocol.registerSchemesAsPrivileged([
  { scheme: PREVIEW_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: false } },
]);

const rendererDevUrl = process.env['ELECTRON_RENDERER_URL'];
const trusted: TrustedWindows = {
  webContentsIds: new Set(),
  origin: rendererDevUrl
    ? new URL(rendererDevUrl).origin
    : pathToFileURL(join(import.meta.dirname, '../renderer')).href,
};

let services: Services | null = null;

async function start(): Promise<void> {
  hardenSession();
  services = await openServices({ dataDir: app.getPath('userData'), preferences: new Store({ name: 'preferences' }) });
  const hub = new EventHub();
  const handlers = createHandlers(
    services,
    {
      pickFiles: async () => {
        const window = BrowserWindow.getFocusedWindow();
        const options = { properties: ['openFile', 'multiSelections'] as Array<'openFile' | 'multiSelections'> };
        const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
        return picked.canceled ? [] : picked.filePaths;
      },
      // Only ever called by the PIN-login handler with a URL it has vetted.
      openExternal: (url) => shell.openExternal(url),
      writeClipboard: (text) => clipboard.writeText(text),
      notify: (title, body) => {
        if (Notification.isSupported()) new Notification({ title, body }).show();
      },
    },
    hub,
  );
  registerIpc(ipcMain, createDispatcher(handlers), trusted);

  const currentServices = services;
  protocol.handle(PREVIEW_SCHEME, async (request) => {
    const preview = currentServices.files.resolvePreview(new URL(request.url).hostname);
    if (!preview) return new Response('not found', { status: 404 });
    return net.fetch(pathToFileURL(preview.path).href);
  });

  openWindow(hub);
}

function openWindow(hub: EventHub): void {
  const window = createMainWindow({
    preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
    load: rendererDevUrl ? { url: rendererDevUrl } : { file: join(import.meta.dirname, '../renderer/index.html') },
  });
  const id = window.webContents.id;
  trusted.webContentsIds.add(id);
  const unsubscribe = forwardEvents(hub, window.webContents);
  window.on('closed', () => {
    unsubscribe();
    trusted.webContentsIds.delete(id);
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(hub);
  });
}

// One instance: a second launch focuses the first (two engines on one ledger would race).
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    void services?.close();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
  });
  void app.whenReady().then(start);
}
