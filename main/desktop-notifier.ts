// Desktop notifications (Electron's Notification) for main's notices: shown only while the
// "notifications" preference is on, and a click shows the window at the session or post it is about.
import { Notification } from 'electron';
import type { NavigateTarget } from './ipc/contract.ts';

export interface NotifierOptions {
  /** Read on every notice, so a change in Preferences (or `xfer prefs`) applies at once. */
  enabled(): boolean;
  onClick(target: NavigateTarget | null): void;
}

export function createDesktopNotifier(
  options: NotifierOptions,
): (title: string, body: string, target?: NavigateTarget) => void {
  // A notification nobody references can be garbage-collected, and its click handler with it:
  // keep each one until it was clicked or closed.
  const live = new Set<Notification>();
  return (title, body, target) => {
    if (!options.enabled() || !Notification.isSupported()) return;
    const notification = new Notification({ title, body });
    live.add(notification);
    notification.on('click', () => {
      live.delete(notification);
      options.onClick(target ?? null);
    });
    notification.on('close', () => live.delete(notification));
    notification.show();
  };
}
