// One account's requests that failed in a row, over all its uploads, since the last one that succeeded.
// It tells the retry policy how sick X looks: under an outage every request fails and the streak grows with
// each request's own failures; when one request keeps failing while the others go through, X is answering and
// that request was unlucky, so its backoff need not grow (retry-policy.ts, decideRetry's `streak`).
export class FailureStreak {
  #count = 0;

  /** A request of the account failed (a retryable error other than a 429); returns the streak with it. */
  failed(): number {
    this.#count += 1;
    return this.#count;
  }

  /** A request of the account succeeded: X is answering. */
  succeeded(): void {
    this.#count = 0;
  }
}
