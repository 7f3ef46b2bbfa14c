// The one BrowserWindow factory: isolated, sandboxed, no Node, and nothing may navigate away,
// open windows or ask for permissions. The page always comes from a URL: the app scheme
// (packaged and `npm start`) or, only when not packaged, electron-vite's dev server.
import { BrowserWindow, dialog, session } from 'electron';
import { UNSAVED_WORK_WARNING } from './common/notices.ts';
import { DEV_SERVER_POLICY, SECURE_WEB_PREFERENCES } from './security.ts';

export interface WindowOptions {
  preloadPath: string;
  /** xfer-app://xfer/index.html, or the dev server's URL. */
  url: string;
}

export function hardenSession(options: { devServerOrigin: string | null }): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  const devOrigin = options.devServerOrigin;
  if (devOrigin === null) return;
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (new URL(details.url).origin !== devOrigin) return callback({});
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [DEV_SERVER_POLICY] } });
  });
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1180,
    height: 800,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Xfer',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: options.preloadPath },
  });
  const contents = window.webContents;
  // Links open in the user's browser only through main's vetted handler (PIN login); the
  // page itself can neither navigate nor open windows.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // The page guards what only it holds (files on Prepare not yet saved as sessions, a post being written) with
  // beforeunload. A browser asks the user itself (web mode); Electron asks nobody and keeps the page, so a
  // close or quit would seem to do nothing: ask here, and let the page go if the user says so.
  contents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      buttons: ['Leave', 'Stay'],
      defaultId: 1,
      cancelId: 1,
      message: 'Leave Xfer?',
      detail: UNSAVED_WORK_WARNING,
    });
    if (choice === 0) event.preventDefault();
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.url);
  return window;
}
