// The sandbox: a strict local emulator of X's media upload API (reference §1, §2, §4).
export { startSandbox } from './sandbox.ts';
export type { Sandbox, SandboxOptions, SandboxUserCredentials } from './sandbox-types.ts';
export {
  SANDBOX_CONSUMER_KEY,
  SANDBOX_CONSUMER_SECRET,
  SANDBOX_OAUTH2_CLIENT_ID,
  SANDBOX_OAUTH2_REDIRECT_URI,
  SANDBOX_USERS,
  type SandboxUser,
} from './credentials.ts';
export { OAUTH2_SCOPES, type OAuth2Client, type OAuth2Lifetimes, type RefreshTokenUse } from './oauth2-grants.ts';
export {
  FAULT_KINDS,
  createFaultPlan,
  seededRandom,
  type FaultKind,
  type FaultOptions,
  type FaultPlan,
} from './faults.ts';
export { FIRST_MEDIA_ID } from './ids.ts';
export type { PostRequestRecord } from './routes-posts.ts';
export { FIRST_POST_ID, PREMIUM_TEXT_LIMIT, STANDARD_TEXT_LIMIT, type StoredPost } from './posts.ts';
export type { MediaReport, MediaState, Violation } from './media-record.ts';
export type { AnswerGate, LoggedRequest } from './request-log.ts';
export { DEFAULT_RATE_LIMITS, WINDOW_MS, type RateBucket } from './rate-limit.ts';
export {
  CATEGORY_RULES,
  MAX_SEGMENT_BYTES,
  MAX_SEGMENT_INDEX,
  normalizeCategory,
  type MediaCategory,
} from './rules.ts';
export { bytesMatchType, type ProcessingInfo, type ProcessingState } from './processing.ts';
export { MAX_CLOCK_SKEW_SECS } from './verifier.ts';
export { SANDBOX_HOST_NAMES } from './tls.ts';
