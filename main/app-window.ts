// The main window's life: made on demand (again after it was closed), hidden instead of closed while
// the "closeToTray" preference is on (so sending and scheduled posts go on), shown and pointed at a
// session or post when a notification is clicked, and the taskbar/dock progress.
import type { BrowserWindow } from 'electron';
import type { DesktopStatus } from './app/desktop-status.ts';
import type { NavigateTarget } from './ipc/contract.ts';

export interface AppWindowOptions {
  /** Makes a trusted window with main's events forwarded to it (main/index.ts). */
  create(): BrowserWindow;
  /** Read at each close, so the preference applies without a restart. */
  closeToTray(): boolean;
  /** Tells the window's page to open a screen (the `navigate` event). */
  navigate(target: NavigateTarget): void;
}

export class AppWindow {
  readonly #options: AppWindowOptions;
  #window: BrowserWindow | null = null;
  #quitting = false;
  #status: DesktopStatus | null = null;

  constructor(options: AppWindowOptions) {
    this.#options = options;
  }

  /** The window, made if there is none. */
  open(): BrowserWindow {
    if (this.#window && !this.#window.isDestroyed()) return this.#window;
    const window = this.#options.create();
    this.#window = window;
    window.on('close', (event) => {
      if (this.#quitting || !this.#options.closeToTray()) return;
      event.preventDefault();
      window.hide();
    });
    window.on('closed', () => {
      if (this.#window === window) this.#window = null;
    });
    if (this.#status) this.#applyStatus(window, this.#status);
    return window;
  }

  /** Brings the window up (made again if it was closed); with a target, its page opens it. */
  show(target: NavigateTarget | null = null): void {
    const existed = this.#window !== null && !this.#window.isDestroyed();
    const window = this.open();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    if (target === null) return;
    // A page still loading has not subscribed yet: tell it once it has loaded.
    if (existed) this.#options.navigate(target);
    else window.webContents.once('did-finish-load', () => this.#options.navigate(target));
  }

  /** From app 'before-quit': the closes that follow really close. */
  quitting(): void {
    this.#quitting = true;
  }

  setStatus(status: DesktopStatus): void {
    this.#status = status;
    if (this.#window && !this.#window.isDestroyed()) this.#applyStatus(this.#window, this.#status);
  }

  #applyStatus(window: BrowserWindow, status: DesktopStatus): void {
    // The mode is honoured on Windows only; elsewhere it is ignored.
    window.setProgressBar(status.progress, { mode: status.progress < 0 ? 'none' : status.mode });
  }
}
