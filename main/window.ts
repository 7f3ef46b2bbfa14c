// The one BrowserWindow factory: isolated, sandboxed, no Node, strict CSP, and nothing may
// navigate away, open windows or ask for permissions.
import { BrowserWindow, session } from 'electron';
import { CONTENT_SECURITY_POLICY, SECURE_WEB_PREFERENCES } from './security.ts';

export interface WindowOptions {
  preloadPath: string;
  /** Dev server URL (electron-vite dev) or the built index.html file. */
  load: { url: string } | { file: string };
}

export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
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
  window.once('ready-to-show', () => window.show());
  if ('url' in options.load) void window.loadURL(options.load.url);
  else void window.loadFile(options.load.file);
  return window;
}
