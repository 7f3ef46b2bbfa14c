// Which endpoints of which accounts X rate-limited, and until when. X counts limits per user token and per
// endpoint (reference §2, §6), so a 429 pauses only that endpoint of that account: a spent APPEND window
// says nothing of the same account's INIT, FINALIZE, STATUS or one-request upload, nor of other accounts.
import type { AccountPause, LimitedEndpoint } from '../../common/progress.ts';

export interface AccountPausesOptions {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal: AbortSignal;
  /** A pause began or ended. */
  onChange: () => void;
  /** What a pause's timer threw: the abort on close (to be ignored) or a bug (to be reported). */
  onBackgroundError: (error: unknown) => void;
}

const keyOf = (accountId: string, endpoint: LimitedEndpoint): string => `${endpoint} ${accountId}`;

export class AccountPauses {
  readonly #pauses = new Map<string, AccountPause>();
  readonly #options: AccountPausesOptions;

  constructor(options: AccountPausesOptions) {
    this.#options = options;
  }

  /** When the account may call `endpoint` again, or null when that endpoint is not paused. */
  pausedUntil(accountId: string, endpoint: LimitedEndpoint): number | null {
    const until = this.#pauses.get(keyOf(accountId, endpoint))?.until;
    return until !== undefined && until > this.#options.now() ? until : null;
  }

  list(): AccountPause[] {
    const now = this.#options.now();
    return [...this.#pauses.values()].filter((pause) => pause.until > now).map((pause) => ({ ...pause }));
  }

  /** Pauses the account's `endpoint` until `until` (a later pause extends it); onChange fires now and when it ends. */
  pause(accountId: string, endpoint: LimitedEndpoint, until: number): void {
    const key = keyOf(accountId, endpoint);
    const current = this.#pauses.get(key);
    if (current !== undefined && current.until >= until) return;
    this.#pauses.set(key, { accountId, endpoint, until });
    this.#options.onChange();
    this.#expire(key, until).catch(this.#options.onBackgroundError); // the abort on close, or a bug
  }

  async #expire(key: string, until: number): Promise<void> {
    const { now, sleep, signal } = this.#options;
    // Loop rather than trust one timer: the clock is injected and a sleep may end early.
    while (now() < until) await sleep(until - now(), signal);
    if (this.#pauses.get(key)?.until !== until) return; // extended meanwhile: the later timer ends it
    this.#pauses.delete(key);
    this.#options.onChange();
  }
}
