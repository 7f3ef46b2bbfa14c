// The vocabulary of posts, shared by main, the CLI and the renderer (pure: no Node, no DOM): the states, X's
// limits, the media mix rule and prices (reference §7, §8). Counting text (twitter-text) is in post-text.ts:
// the ledger and every CLI command import this file, and only composing a post needs the counting.

export const POST_STATES = [
  'draft', // kept, but an offline check fails: not sent until fixed
  'scheduled', // waits for its time
  'ready', // goes out as soon as its media and its turn in the thread allow
  'uploading', // its media are being uploaded or processed
  'posting', // POST /2/tweets recorded and sent; the outcome may be unknown until looked up
  'posted',
  'failed',
  'cancelled',
] as const;
export type PostState = (typeof POST_STATES)[number];

/** States the scheduler is (or will be) working on. */
export const PENDING_POST_STATES: readonly PostState[] = ['scheduled', 'ready', 'uploading', 'posting'];
/** States `retry` starts again from. */
export const RETRYABLE_POST_STATES: readonly PostState[] = ['failed', 'cancelled'];
/** States `cancel` applies to: once `posting`, the request may already be with X. */
export const CANCELLABLE_POST_STATES: readonly PostState[] = ['draft', 'scheduled', 'ready', 'uploading'];

/** What the offline checks say about one post. */
export interface PostCheck {
  /** Reasons the post cannot be sent as it is. */
  problems: string[];
  /** Things worth saying that X does not refuse by itself. */
  warnings: string[];
}

export type AccountTier = 'standard' | 'premium';

/** X's weighted-character limits (reference §7). */
export const TEXT_LIMITS: Readonly<Record<AccountTier, number>> = { standard: 280, premium: 25_000 };
export const MAX_IMAGES_PER_POST = 4;

export type PostMediaKind = 'image' | 'gif' | 'video';

/** Why a post's media cannot go together (X: up to 4 images, or 1 video, or 1 GIF), or null. */
export function mediaMixProblem(kinds: readonly PostMediaKind[]): string | null {
  const images = kinds.filter((kind) => kind === 'image').length;
  const others = kinds.length - images;
  if (others > 0 && kinds.length > 1)
    return `A post takes up to ${MAX_IMAGES_PER_POST} images, or 1 video, or 1 GIF; these ${kinds.length} files (${kinds.join(' + ')}) cannot go together.`;
  if (images > MAX_IMAGES_PER_POST)
    return `A post takes at most ${MAX_IMAGES_PER_POST} images; this one has ${images}.`;
  return null;
}

/** X's pay-per-use prices on one date (reference §8): an estimate, never a promise. */
export const POST_PRICES = {
  asOf: '2026-08',
  postUsd: 0.015,
  postWithUrlUsd: 0.2,
  altTextUsd: 0.005,
} as const;

/**
 * What a link in a post costs, said once: the composer shows it while the text has a link and main's
 * offline check gives the same words, so the page can tell the two apart and show it once.
 */
export const LINK_COST_NOTE = `A post with a link costs $${POST_PRICES.postWithUrlUsd.toFixed(2)} instead of $${POST_PRICES.postUsd} (X's pay-per-use prices of ${POST_PRICES.asOf}).`;

/** X's address for a post (any handle works in the path; X redirects to the author's). */
export function postUrl(postId: string, screenName?: string | null): string {
  return `https://x.com/${screenName || 'i'}/status/${postId}`;
}
