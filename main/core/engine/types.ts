// What the engine tells its listeners (the renderer through IPC, the CLI's progress bars).
import type { SessionState } from '../ledger/types.ts';

export interface ProgressEvent {
  sessionId: string;
  state: SessionState;
  /** Bytes X acknowledged plus those of segments in flight that have gone out (may step back if one fails). */
  bytesSent: number;
  totalBytes: number;
  segmentsAcked: number;
  segmentsTotal: number;
  /** Bytes per second over the last few seconds. */
  rateBps: number;
  etaSec: number | null;
  processingPercent: number | null;
}

export interface AccountPause {
  accountId: string;
  /** ms since epoch */
  until: number;
}

export interface QueueStatus {
  online: boolean;
  /** Sessions queued to send but waiting for the API to be reachable. */
  waitingForConnection: number;
  queued: number;
  active: number;
  paused: AccountPause[];
}

export interface EngineEvents {
  onProgress(event: ProgressEvent): void;
  onSessionChanged(sessionId: string): void;
  onQueueStatus(status: QueueStatus): void;
  onBatchFinished?(summary: { succeeded: number; failed: number }): void;
}
