// What the web harness needs from the app behind it. Its own module so the server, the control
// API and the real app all import it and none imports another (no cycle).
import type { Readable } from 'node:stream';
import type { Handlers } from '../ipc/contract.ts';
import type { EventHub } from '../ipc/events.ts';
import type { RecordingPorts } from './test-ports.ts';

export interface HarnessApp {
  handlers: Handlers;
  /** The file behind a FileView's preview, or null when there is none. */
  preview(fileId: string): Promise<{ path: string; contentType: string } | null>;
  /**
   * Web mode: stream one file the page picked or dropped into the staging folder; the page then
   * adds it by the returned id (files:addStaged). Absent: this app takes no uploads.
   */
  stage?(name: string, body: Readable, announcedBytes: number | null): Promise<{ stagedId: string; bytes: number }>;
  /** Test mode: take the embedded X API down (offline) or bring it back. */
  setOnline?(online: boolean): Promise<void>;
  /** Test mode: the embedded sandbox's injected faults (e.g. every request a 429), or none. */
  setFaults?(faults: { rate: number; seed: number; kinds?: string[]; resetSeconds?: number } | null): void;
  close(): Promise<void>;
}

export interface AppContext {
  dataDir: string;
  ports: RecordingPorts;
  hub: EventHub;
}

export type CreateApp = (context: AppContext) => Promise<HarnessApp>;
