// The harness's stand-ins for the desktop's OS ports: the file dialog answers with paths a test
// queued, and notifications, clipboard writes and opened URLs are recorded for tests to read.

export interface Notification {
  title: string;
  body: string;
}

export class RecordingPorts {
  #picks: string[][] = [];
  readonly notifications: Notification[] = [];
  readonly clipboard: string[] = [];
  readonly opened: string[] = [];

  /** The next `pickFiles` answers with these paths (one queued answer per call). */
  queuePick(paths: string[]): void {
    this.#picks.push(paths);
  }

  /** Like a dialog the user closed: nothing queued means no files. */
  async pickFiles(): Promise<string[]> {
    return this.#picks.shift() ?? [];
  }

  notify(title: string, body: string): void {
    this.notifications.push({ title, body });
  }

  async writeClipboard(text: string): Promise<void> {
    this.clipboard.push(text);
  }

  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
}
