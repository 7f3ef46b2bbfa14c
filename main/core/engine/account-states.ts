// What the engine keeps per account, shared by all of the account's uploads: X's rate-limit pauses (one per
// endpoint), the adaptive APPENDs in flight and the failure streak. Per account because X counts its limits per
// user token (reference §2): one account's 429 or sick link says nothing about another's.
import { AccountAppends } from './account-appends.ts';
import { AccountPauses } from './account-pauses.ts';
import { MAX_CHUNK_BYTES } from './chunk-plan.ts';
import { FailureStreak } from './failure-streak.ts';
import type { ResolvedOptions } from './options.ts';

export interface AccountStatesOptions {
  /** Read on every use, not copied: the appendsInFlight preference may change while the engine runs. */
  options: ResolvedOptions;
  /** The engine's life: close() aborts it, which ends the pauses' timers and the permits' waits. */
  signal: AbortSignal;
  /** A pause of an account's endpoint began or ended: the queue status changed. */
  onPauseChange: () => void;
  /** What a pause's timer threw other than by close(): a bug to report. */
  onBackgroundError: (error: unknown) => void;
}

export class AccountStates {
  readonly pauses: AccountPauses;
  readonly #options: ResolvedOptions;
  readonly #signal: AbortSignal;
  readonly #appends = new Map<string, AccountAppends>();
  readonly #failures = new Map<string, FailureStreak>();

  constructor({ options, signal, onPauseChange, onBackgroundError }: AccountStatesOptions) {
    this.#options = options;
    this.#signal = signal;
    this.pauses = new AccountPauses({
      now: options.now,
      sleep: options.sleep,
      signal,
      onChange: onPauseChange,
      onBackgroundError,
    });
  }

  /**
   * The account's APPEND permits and in-flight controller, made on first use from the ledger's last good value;
   * null while APPENDs in flight are fixed per upload.
   */
  appendsFor(accountId: string): AccountAppends | null {
    if (!this.#options.adaptiveAppends) return null;
    let appends = this.#appends.get(accountId);
    if (!appends) {
      appends = new AccountAppends({
        initial: this.#options.ledger.appendsInFlight(accountId),
        chunkBytes: MAX_CHUNK_BYTES,
        now: this.#options.now,
        sleep: this.#options.sleep,
        signal: this.#signal,
      });
      this.#appends.set(accountId, appends);
    }
    return appends;
  }

  /** The account's failure streak (made on first use). */
  failuresFor(accountId: string): FailureStreak {
    let streak = this.#failures.get(accountId);
    if (!streak) this.#failures.set(accountId, (streak = new FailureStreak()));
    return streak;
  }
}
