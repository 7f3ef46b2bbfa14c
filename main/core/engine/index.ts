// The engine's public API: the scheduler and its pure parts.
export { UploadEngine } from './upload-engine.ts';
export type { SendResult } from './upload-engine.ts';
export type { EngineOptions, Concurrency, ProcessingPolicy } from './options.ts';
export { DEFAULT_CONCURRENCY, DEFAULT_PROCESSING, abortableSleep } from './options.ts';
export {
  planChunks,
  segmentRange,
  MIB,
  MAX_SEGMENTS,
  MAX_CHUNK_BYTES,
  PREFERRED_CHUNK_BYTES,
  MAX_PLANNED_BYTES,
  MAX_CHUNK_BYTES_BY_API,
  maxPlannedBytes,
} from './chunk-plan.ts';
export type { ChunkPlan, ByteRange } from './chunk-plan.ts';
export { DEFAULT_RETRY_POLICY, backoffDelay, decideRetry, rateLimitUntil } from './retry-policy.ts';
export type { RetryPolicy, RetryDecision } from './retry-policy.ts';
export { fingerprintFile, edgeHashOf, describeChange, EDGE_BYTES } from './fingerprint.ts';
export { ProgressTracker } from './progress-tracker.ts';
export { ConnectionWatch, DEFAULT_RECONNECT, reconnectDelayMs } from './connectivity.ts';
export type { ReconnectPolicy } from './connectivity.ts';
export type { EngineEvents } from './types.ts';
export type { AccountPause, ProgressEvent, QueueStatus } from '../../common/progress.ts';
export {
  retakeSegmentHashes,
  segmentHashesFor,
  segmentHashesSettled,
  startSegmentHashes,
} from './segment-hash-jobs.ts';
