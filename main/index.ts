// The Electron composition root: app lifecycle, the Electron adapters for main's ports,
// IPC registration, the window. Everything else is Electron-free (main/app, main/core).
import { join } from 'node:path';
import { app, BrowserWindow, clipboard, dialog, ipcMain, protocol, shell } from 'electron';
import Store from 'electron-store';
import { watchDesktopStatus } from './app/desktop-status.ts';
import { createHandlers } from './app/handlers.ts';
import { AppWindow } from './app-window.ts';
import { createDesktopNotifier } from './desktop-notifier.ts';
import type { Services } from './app/services.ts';
import { EventHub } from './ipc/events.ts';
import { createDispatcher } from './ipc/handle.ts';
import { forwardEvents, registerIpc, type TrustedWindows } from './register-ipc.ts';
import type { QueueStatus } from './common/progress.ts';
import { PREVIEW_SCHEME } from './common/preview.ts';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME } from './security.ts';
import { EXIT_ENVIRONMENT, openWithDialogs } from './startup-dialog.ts';
import { moveDamagedLedgerAside } from './startup.ts';
import { appSchemeHandler, previewSchemeHandler } from './static/app-scheme.ts';
import { createTray } from './tray.ts';
import { createMainWindow, hardenSession } from './window.ts';

// The page comes from our own privileged scheme, never from a file URL (the fuse grants those nothing);
// previews from another, so the CSP can allow exactly those two.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  { scheme: PREVIEW_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: false } },
]);

// electron-vite's dev server, trusted only when running from source: a packaged app ignores the variable.
const devServerUrl = app.isPackaged ? null : (process.env['ELECTRON_RENDERER_URL'] ?? null);
const trusted: TrustedWindows = {
  webContentsIds: new Set(),
  origin: devServerUrl ? new URL(devServerUrl).origin : APP_ORIGIN,
};
const hub = new EventHub();

let services: Services | null = null;
/** Ends the handlers' subscriptions on the services: at quit, before the services close. */
let disposeHandlers = (): void => {};
const mainWindow = new AppWindow({
  create: createTrustedWindow,
  closeToTray: () => services?.preferences.get('closeToTray') ?? false,
  navigate: (target) => hub.emit('navigate', target),
});

async function start(): Promise<void> {
  hardenSession({ devServerOrigin: devServerUrl ? new URL(devServerUrl).origin : null });
  protocol.handle(APP_SCHEME, appSchemeHandler(join(import.meta.dirname, '../renderer')));
  const opened = await openWithDialogs(
    { dataDir: app.getPath('userData'), preferences: new Store({ name: 'preferences' }) },
    [moveDamagedLedgerAside],
  );
  if (!opened) return app.exit(EXIT_ENVIRONMENT);
  services = opened;
  const { handlers, dispose } = createHandlers(
    opened,
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
      notify: createDesktopNotifier({
        enabled: () => opened.preferences.get('notifications'),
        onClick: (target) => mainWindow.show(target),
      }),
    },
    hub,
  );
  disposeHandlers = dispose;
  registerIpc(ipcMain, createDispatcher(handlers), trusted);
  protocol.handle(
    PREVIEW_SCHEME,
    previewSchemeHandler((fileId) => opened.files.resolvePreview(fileId)),
  );
  mainWindow.open();
  // The tray shows the status and brings back a window closed to it; the taskbar icon shows the progress.
  const tray = createTray(join(app.getAppPath(), 'assets/icon.png'), {
    show: () => mainWindow.show(),
    quit: () => app.quit(),
    // The engine follows the preference (main/app/services.ts), and its status brings the tick back here.
    setWorkOffline: (held) => opened.preferences.set('workOffline', held),
  });
  tray.setWorkOffline(opened.preferences.get('workOffline'));
  hub.subscribe((event, payload) => {
    if (event === 'status') tray.setWorkOffline((payload as QueueStatus).workOffline);
  });
  watchDesktopStatus(hub, (status) => {
    tray.setStatus(status.tooltip);
    mainWindow.setStatus(status);
  });
}

function createTrustedWindow(): BrowserWindow {
  const window = createMainWindow({
    preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
    url: devServerUrl ?? APP_ENTRY_URL,
  });
  const id = window.webContents.id;
  trusted.webContentsIds.add(id);
  const unsubscribe = forwardEvents(hub, window.webContents);
  window.on('closed', () => {
    unsubscribe();
    trusted.webContentsIds.delete(id);
  });
  return window;
}

/** Quit waits for the engine to stop (acknowledged segments stay in the ledger) and the ledger to close. */
let shutdown: 'running' | 'closing' | 'closed' = 'running';
function onWillQuit(event: { preventDefault(): void }): void {
  if (shutdown === 'closed' || services === null) return;
  event.preventDefault();
  if (shutdown === 'closing') return;
  shutdown = 'closing';
  disposeHandlers();
  void services
    .close()
    .catch((error: unknown) => console.error('xfer: closing the services failed:', error))
    .finally(() => {
      shutdown = 'closed';
      app.quit();
    });
}

// One instance: a second launch focuses the first (two engines on one ledger would race).
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (services !== null) mainWindow.show();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // macOS: the dock icon reopens a window; registered once here, not per window.
  app.on('activate', () => {
    if (services !== null) mainWindow.show();
  });
  // From here on a close is a close, even with "closeToTray" on (Quit in the tray or the menu, Cmd-Q).
  app.on('before-quit', () => mainWindow.quitting());
  app.on('will-quit', onWillQuit);
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
  });
  void app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      // A bug at start-up: say so in a dialog rather than leave a process with no window.
      dialog.showErrorBox(
        'Xfer could not start',
        error instanceof Error ? (error.stack ?? error.message) : String(error),
      );
      app.exit(1);
    });
}
