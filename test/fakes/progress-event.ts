// A progress event of a 100-byte, one-segment upload, for the tests of what consumes progress.
import type { ProgressEvent } from '../../main/common/progress.ts';

export function progressEvent(overrides: Partial<ProgressEvent> = {}): ProgressEvent {
  return {
    sessionId: 's1',
    state: 'uploading',
    bytesSent: 0,
    totalBytes: 100,
    segmentsAcked: 0,
    segmentsTotal: 1,
    rateBps: 0,
    etaSec: null,
    processingPercent: null,
    ...overrides,
  };
}
