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
  /** A request waits for X's rate-limit window on its endpoint: which endpoint, and until when. */
  rateLimited?: EndpointPause | null;
}

export interface RetryWait {
  attempt: number;
  at: number;
}

/**
 * An endpoint X counts a rate limit for on its own, per user token (reference §2: INIT, APPEND and FINALIZE
 * 1,875 each, STATUS 1,000, metadata 500 per 15 minutes; §6: the one-request upload its own 500). v1.1's one
 * URL counts the same way, told apart by its `command`.
 */
export type LimitedEndpoint = 'initialize' | 'append' | 'finalize' | 'status' | 'upload' | 'metadata';

/** How people read each endpoint: X's command names, where it has them. */
export const LIMITED_ENDPOINT_LABELS: Readonly<Record<LimitedEndpoint, string>> = {
  initialize: 'INIT',
  append: 'APPEND',
  finalize: 'FINALIZE',
  status: 'STATUS',
  upload: 'one-request upload',
  metadata: 'alt text',
};

export interface EndpointPause {
  endpoint: LimitedEndpoint;
  /** ms since epoch */
  until: number;
}

/** X answered 429 on one endpoint for one account: that endpoint of that account waits; its others go on. */
export interface AccountPause extends EndpointPause {
  accountId: string;
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
