// What the engine tells its listeners (the renderer through IPC, the CLI's progress bars).
import type { ProgressEvent, QueueStatus } from '../../common/progress.ts';

export interface EngineEvents {
  onProgress(event: ProgressEvent): void;
  onSessionChanged(sessionId: string): void;
  onQueueStatus(status: QueueStatus): void;
  onBatchFinished?(summary: { succeeded: number; failed: number }): void;
}
