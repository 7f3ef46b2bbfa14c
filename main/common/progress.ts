// What the engine reports while it sends: per-session progress and the queue's status. Crosses IPC
// to the window as is, and feeds the CLI's progress bars.
import type { SessionState } from './session.ts';

export interface ProgressEvent {
  sessionId: string;
  state: SessionState;
  /** Bytes X acknowledged plus those of segments in flight that have gone out (may step back if one fails). */
  bytesSent: number;
  totalBytes: number;
  segmentsAcked: number;
  segmentsTotal: number;
  /** Bytes per second over the last few seconds of sending (waits, pauses and offline time left out). */
  rateBps: number;
  etaSec: number | null;
  processingPercent: number | null;
  /** A request failed and waits to be tried again: the try's number and when it goes (ms since epoch). */
  retry?: RetryWait | null;
}

export interface RetryWait {
  attempt: number;
  at: number;
}

export interface AccountPause {
  accountId: string;
  /** ms since epoch */
  until: number;
}

export interface QueueStatus {
  online: boolean;
  /** The user chose to work offline: nothing is sent or probed until they lift it. */
  workOffline: boolean;
  /** Sessions queued to send but waiting for the API to be reachable. */
  waitingForConnection: number;
  /** While the disk holding the data folder is full: the message saying so; sending waits for room. */
  diskFull?: string;
  queued: number;
  active: number;
  paused: AccountPause[];
}
