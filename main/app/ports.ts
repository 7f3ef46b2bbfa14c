// The ports main's handlers use: what the desktop shell (main/index.ts) or the web harness does for them.
import type { NavigateTarget } from '../ipc/contract.ts';

/** What the desktop (or the web harness) does for main: dialogs, browser, clipboard, notifications. */
export interface HandlerPorts {
  pickFiles(): Promise<string[]>;
  /** Web mode's staged copy of a file the page uploaded, by its opaque id; null when unknown (always, in the desktop app). */
  stagedFile?(stagedId: string): string | null;
  openExternal(url: string): Promise<void>;
  writeClipboard(text: string): void | Promise<void>;
  /** `target`: what a click on the notification opens (the desktop shows the window there). */
  notify(title: string, body: string, target?: NavigateTarget): void;
}
