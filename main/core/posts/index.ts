// Posts: offline checks, the exactly-once send, media through the upload engine, and the scheduler.
export { checkMedia, checkPost, type CheckContext, type PostCheck, type PostDraft } from './checks.ts';
export { comparableText, findSentPost } from './lookup.ts';
export { prepareMedia, type MediaReadiness, type UploadPort } from './media.ts';
export { sendPost, type SendOutcome } from './send-post.ts';
export { MISSED_NOTICE, type MissedPolicy } from './post-choices.ts';
export { PostScheduler, type PostEvents, type PostSchedulerOptions } from './scheduler.ts';
