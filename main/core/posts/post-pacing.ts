// When the scheduler may try a post again: a post whose outcome was unknown (or whose account could not
// be reached) backs off, doubling up to a cap; an account X answered 429 for on POST /2/tweets holds its
// posts until X's reset time. Posts only: X counts that endpoint on its own (reference §7, 100 per user per
// 15 minutes), so the account's uploads are not held (the engine pauses upload endpoints apart).
// In memory only: a restart tries again at once, which is safe because every send is exactly-once.
export interface PacingOptions {
  /** Delay before trying again after an unknown outcome or a network failure (doubles, capped). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Caps how long a 429 pauses an account (default: until X's reset time). */
  maxRateLimitPauseMs?: number;
}

export class PostPacing {
  readonly #options: PacingOptions;
  readonly #now: () => number;
  readonly #notBefore = new Map<string, { at: number; delay: number }>();
  readonly #postsPausedUntil = new Map<string, number>();

  constructor(options: PacingOptions, now: () => number) {
    this.#options = options;
    this.#now = now;
  }

  /** False while the account's posts are paused or the post is backing off. */
  mayTry(accountId: string, postId: string, now: number): boolean {
    if ((this.#postsPausedUntil.get(accountId) ?? 0) > now) return false;
    return (this.#notBefore.get(postId)?.at ?? 0) <= now;
  }

  backOff(postId: string): void {
    const base = this.#options.retryDelayMs ?? 1000;
    const previous = this.#notBefore.get(postId)?.delay ?? base / 2;
    const delay = Math.min(previous * 2, this.#options.maxRetryDelayMs ?? 30_000);
    this.#notBefore.set(postId, { at: this.#now() + delay, delay });
  }

  /** The post went out or was refused for good: its back-off is over. */
  settled(postId: string): void {
    this.#notBefore.delete(postId);
  }

  /** After a 429 on POST /2/tweets: the account's posts wait until X's reset (a minute when X gave none), capped. */
  pausePosts(accountId: string, until: number | undefined): void {
    this.#postsPausedUntil.set(
      accountId,
      Math.min(until ?? this.#now() + 60_000, this.#now() + (this.#options.maxRateLimitPauseMs ?? Infinity)),
    );
  }
}
