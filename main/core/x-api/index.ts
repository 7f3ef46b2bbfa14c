// The X protocol core: upload clients (v2 and v1.1), the error model, PIN login, processing.
export type * from './types.ts';
export { createUploadClient } from './create-client.ts';
export { DEFAULT_APPEND_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, type UploadClientOptions } from './client-options.ts';
export { MAX_CHUNK_BYTES, MAX_SEGMENT_INDEX, MAX_TOTAL_BYTES } from './checks.ts';
export {
  errorFromResponse,
  parseProblem,
  processingFailure,
  rateLimitUntil,
  type FailedResponse,
  type XProblem,
} from './response-errors.ts';
export { parseJsonLossless } from './json.ts';
export { parseMediaObject, parseProcessingInfo } from './media-object.ts';
export {
  accessToken,
  requestToken,
  type AccessTokenResult,
  type PinLoginOptions,
  type RequestTokenResult,
} from './pin-login.ts';
export {
  DEFAULT_MAX_POLL_INTERVAL_MS,
  DEFAULT_MAX_PROCESSING_WAIT_MS,
  MIN_POLL_INTERVAL_MS,
  pollDelayMs,
  waitForProcessing,
  type WaitForProcessingOptions,
} from './processing.ts';
export {
  bearerAuth,
  oauth1Auth,
  type AuthorizableRequest,
  type BearerTokenSource,
  type RequestAuth,
} from './request-auth.ts';
export { V1_NEEDS_OAUTH1 } from './client-options.ts';
export { isBearer } from './types.ts';
export {
  createPostBody,
  createPostsClient,
  type CreatePostRequest,
  type CreatedPost,
  type PostsClient,
  type RecentPost,
} from './posts-client.ts';
