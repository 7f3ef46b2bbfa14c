// Accounts X rate-limited, and until when. Limits are counted per user token (reference §2), so a 429
// pauses only that account; the others keep sending.
import type { AccountPause } from '../../common/progress.ts';

export interface AccountPausesOptions {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal: AbortSignal;
  /** A pause began or ended. */
  onChange: () => void;
  /** What a pause's timer threw: the abort on close (to be ignored) or a bug (to be reported). */
  onBackgroundError: (error: unknown) => void;
}

export class AccountPauses {
  readonly #until = new Map<string, number>();
  readonly #options: AccountPausesOptions;

  constructor(options: AccountPausesOptions) {
    this.#options = options;
  }

  /** When the account may send again, or null when it is not paused. */
  pausedUntil(accountId: string): number | null {
    const until = this.#until.get(accountId);
    return until !== undefined && until > this.#options.now() ? until : null;
  }

  list(): AccountPause[] {
    const now = this.#options.now();
    return [...this.#until].filter(([, until]) => until > now).map(([accountId, until]) => ({ accountId, until }));
  }

  /** Pauses the account until `until` (a later pause extends it); onChange fires now and when it ends. */
  pause(accountId: string, until: number): void {
    const current = this.#until.get(accountId);
    if (current !== undefined && current >= until) return;
    this.#until.set(accountId, until);
    this.#options.onChange();
    this.#expire(accountId, until).catch(this.#options.onBackgroundError); // the abort on close, or a bug
  }

  async #expire(accountId: string, until: number): Promise<void> {
    const { now, sleep, signal } = this.#options;
    // Loop rather than trust one timer: the clock is injected and a sleep may end early.
    while (now() < until) await sleep(until - now(), signal);
    if (this.#until.get(accountId) !== until) return; // extended meanwhile: the later timer ends it
    this.#until.delete(accountId);
    this.#options.onChange();
  }
}
