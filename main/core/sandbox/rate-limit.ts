// Per-user, per-endpoint rate limits over 15-minute windows (reference §2). Every authenticated
// response carries x-rate-limit-limit/remaining/reset; past the limit the answer is 429, code 88.

export type RateBucket =
  'initialize' | 'append' | 'upload' | 'finalize' | 'status' | 'metadata' | 'me' | 'post' | 'read_posts';

/** X's published v2 limits per user per 15 minutes; `me` is X's users/me limit. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<RateBucket, number>> = {
  initialize: 1875,
  append: 1875,
  finalize: 1875,
  // The one-shot POST /2/media/upload counts on its own (reference §6).
  upload: 500,
  status: 1000,
  metadata: 500,
  me: 75,
  // POST /2/tweets: 100 per user per 15 minutes (reference §7); reading posts back: X's 900.
  post: 100,
  read_posts: 900,
};

export const WINDOW_MS = 15 * 60 * 1000;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds when the window resets. */
  reset: number;
}

export interface RateLimiter {
  take(userId: string, bucket: RateBucket, now: number): RateDecision;
}

export function createRateLimiter(limits: Partial<Record<RateBucket, number>> = {}): RateLimiter {
  const effective = { ...DEFAULT_RATE_LIMITS, ...limits };
  const windows = new Map<string, { resetAt: number; used: number }>();
  return {
    take(userId, bucket, now) {
      const key = `${userId}:${bucket}`;
      let window = windows.get(key);
      if (!window || now >= window.resetAt) {
        window = { resetAt: now + WINDOW_MS, used: 0 };
        windows.set(key, window);
      }
      const limit = effective[bucket];
      const allowed = window.used < limit;
      if (allowed) window.used += 1;
      return { allowed, limit, remaining: Math.max(0, limit - window.used), reset: Math.ceil(window.resetAt / 1000) };
    },
  };
}

export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    'x-rate-limit-limit': String(decision.limit),
    'x-rate-limit-remaining': String(decision.remaining),
    'x-rate-limit-reset': String(decision.reset),
  };
}
