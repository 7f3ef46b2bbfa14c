// The tray icon: Xfer's status while it sends (the tooltip), Show / Quit, so a window closed to the
// tray (the "closeToTray" preference) can be brought back and the app ended, and Work offline (hold
// all sending, the same switch as the window's).
import { Menu, nativeImage, Tray } from 'electron';

export interface TrayActions {
  show(): void;
  quit(): void;
  setWorkOffline(held: boolean): void;
}

export interface XferTray {
  setStatus(tooltip: string): void;
  /** Keeps the Work offline tick in step with the engine (it may change from the window or Preferences). */
  setWorkOffline(held: boolean): void;
  destroy(): void;
}

export function createTray(iconPath: string, actions: TrayActions): XferTray {
  // Trays want a small image; the app icon is 512 px (macOS and Windows scale, Linux often does not).
  const tray = new Tray(nativeImage.createFromPath(iconPath).resize({ width: 16, height: 16 }));
  tray.setToolTip('Xfer');
  // Linux's AppIndicator shows only the menu (no click events): every action lives in it.
  let held: boolean | null = null;
  const setWorkOffline = (next: boolean) => {
    if (next === held) return;
    held = next;
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Show Xfer', click: () => actions.show() },
        { label: 'Work offline', type: 'checkbox', checked: next, click: () => actions.setWorkOffline(!next) },
        { type: 'separator' },
        { label: 'Quit Xfer', click: () => actions.quit() },
      ]),
    );
  };
  setWorkOffline(false);
  tray.on('click', () => actions.show());
  return {
    setStatus: (tooltip) => tray.setToolTip(tooltip),
    setWorkOffline,
    destroy: () => tray.destroy(),
  };
}
