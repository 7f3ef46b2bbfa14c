// The sessions running now, each with the controller that stops it and why it was stopped. The scheduler
// counts them to respect its limits; the run's end is left to the engine (settlement.ts decides it).
import { XferFailure, xferError } from '../../common/errors.ts';
import type { StopReason } from './settlement.ts';
import type { RunOutcome } from './upload-run.ts';

export interface Run {
  readonly accountId: string | null;
  /** Still sending bytes (INIT and APPENDs); false once only FINALIZE, STATUS and alt text are left. */
  sending: boolean;
  /** Only waiting out retry delays, nothing in flight (run-waits.ts): its slot is lent to the next session. */
  waiting: boolean;
  readonly controller: AbortController;
  /** Why the engine aborted it, if it did: the run itself only sees that its signal aborted. */
  stop: StopReason | null;
  /** Settles once the run has ended and its end has been recorded. */
  done: Promise<void>;
}

/** What the run's abort says (its reason is the failure a request in flight rejects with). */
const STOP_MESSAGES: Readonly<Record<StopReason, string>> = {
  cancel: 'Cancelled.',
  pause: 'Paused.',
  hold: 'Working offline.',
  close: 'Xfer is closing.',
};

export class ActiveRuns {
  readonly #runs = new Map<string, Run>();

  get size(): number {
    return this.#runs.size;
  }

  has(id: string): boolean {
    return this.#runs.has(id);
  }

  /**
   * Runs sending bytes now, of `accountId` or of all accounts: one X holds whole leaves its slot free, and one
   * only waiting out retry delays lends it.
   */
  sending(accountId?: string): number {
    return this.#count(accountId, (run) => run.sending && !run.waiting);
  }

  /** Runs not yet done sending bytes, those waiting out retry delays included. */
  started(accountId?: string): number {
    return this.#count(accountId, (run) => run.sending);
  }

  #count(accountId: string | undefined, counts: (run: Run) => boolean): number {
    let count = 0;
    for (const run of this.#runs.values())
      if (counts(run) && (accountId === undefined || run.accountId === accountId)) count++;
    return count;
  }

  /**
   * Starts `execute` for the session and counts it as running until it returns; then `settle` records its
   * end (the session is no longer counted by then, so settling may start the next one).
   */
  launch(
    id: string,
    accountId: string | null,
    execute: (run: Run) => Promise<RunOutcome>,
    settle: (run: Run, outcome: RunOutcome) => void,
  ): void {
    const run: Run = {
      accountId,
      controller: new AbortController(),
      sending: true,
      waiting: false,
      stop: null,
      done: Promise.resolve(),
    };
    this.#runs.set(id, run);
    run.done = execute(run).then((outcome) => {
      this.#runs.delete(id);
      settle(run, outcome);
    });
  }

  /** Aborts a running session for `reason` and waits for its run to settle. False when it was not running. */
  async stop(id: string, reason: StopReason): Promise<boolean> {
    const run = this.#runs.get(id);
    if (!run) return false;
    await abort(run, reason);
    return true;
  }

  /** Aborts every running session for `reason` (all at once, before this returns) and waits for them to settle. */
  stopAll(reason: StopReason): Promise<void> {
    return Promise.all([...this.#runs.values()].map((run) => abort(run, reason))).then(() => undefined);
  }
}

function abort(run: Run, reason: StopReason): Promise<void> {
  run.stop = reason;
  run.controller.abort(new XferFailure(xferError('cancelled', STOP_MESSAGES[reason])));
  return run.done;
}
