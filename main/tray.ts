// The tray icon: Xfer's status while it sends (the tooltip), and Show / Quit, so a window closed
// to the tray (the "closeToTray" preference) can be brought back and the app ended.
import { Menu, nativeImage, Tray } from 'electron';

export interface TrayActions {
  show(): void;
  quit(): void;
}

export interface XferTray {
  setStatus(tooltip: string): void;
  destroy(): void;
}

export function createTray(iconPath: string, actions: TrayActions): XferTray {
  // Trays want a small image; the app icon is 512 px (macOS and Windows scale, Linux often does not).
  const tray = new Tray(nativeImage.createFromPath(iconPath).resize({ width: 16, height: 16 }));
  tray.setToolTip('Xfer');
  // Linux's AppIndicator shows only the menu (no click events): every action lives in it.
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show Xfer', click: () => actions.show() },
      { type: 'separator' },
      { label: 'Quit Xfer', click: () => actions.quit() },
    ]),
  );
  tray.on('click', () => actions.show());
  return {
    setStatus: (tooltip) => tray.setToolTip(tooltip),
    destroy: () => tray.destroy(),
  };
}
