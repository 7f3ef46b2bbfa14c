// The scheduler: queues sessions, runs them under per-account and total limits, pauses an account's endpoint
// on 429, waits for a connection when the API is unreachable, and resumes what a crash or close() left mid-flight.
// Each session's own flow is in upload-run.ts.
import { dirname } from 'node:path';
import { fail, xferError } from '../../common/errors.ts';
import type { XferError } from '../../common/errors.ts';
import { HELD_NOTICE, PAUSED_NOTICE, WAITING_NOTICE } from '../../common/notices.ts';
import type { AppendsInFlight } from '../../common/preferences.ts';
import type { QueueStatus } from '../../common/progress.ts';
import { ACTIVE_STATES, IN_FLIGHT_STATES, RETRYABLE_STATES } from '../../common/session-states.ts';
import type { Session } from '../../common/session.ts';
import { AccountStates } from './account-states.ts';
import { ActiveRuns, type Run } from './active-runs.ts';
import type { BandwidthThrottle } from './bandwidth-throttle.ts';
import { Batches, type SessionEnd } from './batches.ts';
import { ConnectionWatch } from './connectivity.ts';
import { FullDisk } from './disk-space.ts';
import { resolveOptions, type EngineOptions, type ResolvedOptions } from './options.ts';
import { PollLoop } from './poll-loop.ts';
import { ProgressReporter } from './progress-reporter.ts';
import { recordEnd, type EndParts } from './run-end.ts';
import { executeRun, type RunParts } from './run-execution.ts';
import { whyNotSendable } from './sendable.ts';
import { SessionQueue } from './session-queue.ts';
import { settlement } from './settlement.ts';
import type { RunOutcome } from './upload-run.ts';

export interface SendResult {
  queued: number;
  refused: { id: string; error: XferError }[];
}

export class UploadEngine {
  readonly #options: ResolvedOptions;
  readonly #queue = new SessionQueue();
  readonly #active = new ActiveRuns();
  readonly #progress: ProgressReporter;
  readonly #life = new AbortController();
  readonly #accountStates: AccountStates;
  readonly #batches: Batches;
  readonly #connection: ConnectionWatch;
  readonly #polls: PollLoop;
  readonly #runParts: RunParts;
  readonly #endParts: EndParts;
  /** While it is full, nothing starts. */
  readonly #disk: FullDisk;
  #closed = false;
  #idleWaiters: (() => void)[] = [];
  #lastStatus = '';
  /** For background work: swallows the abort close() causes, reports anything else as the bug it is. */
  readonly #unlessClosed = (thrown: unknown): void => {
    if (!this.#life.signal.aborted) this.#options.reportBug(thrown);
  };

  constructor(options: EngineOptions) {
    this.#options = resolveOptions(options);
    this.#progress = new ProgressReporter(this.#options.ledger, this.#options.now, (event) =>
      this.#options.events.onProgress(event),
    );
    this.#batches = new Batches((summary) => this.#options.events.onBatchFinished?.(summary));
    this.#polls = new PollLoop({ now: this.#options.now, sleep: this.#options.sleep, signal: this.#life.signal });
    this.#accountStates = new AccountStates({
      options: this.#options,
      signal: this.#life.signal,
      onPauseChange: () => this.#changedQueue(),
      onBackgroundError: this.#unlessClosed,
    });
    this.#connection = new ConnectionWatch({
      probe: this.#options.probe,
      sleep: this.#options.sleep,
      now: this.#options.now,
      policy: this.#options.reconnect,
      signal: this.#life.signal,
      onChange: () => this.#changedQueue(),
    });
    this.#disk = new FullDisk({
      folder: dirname(this.#options.ledger.path),
      sleep: this.#options.sleep,
      signal: this.#life.signal,
      pollMs: this.#options.diskPollMs,
      onRoom: () => this.#changedQueue(),
      onBackgroundError: this.#unlessClosed,
    });
    this.#runParts = {
      options: this.#options,
      accountStates: this.#accountStates,
      progress: this.#progress,
      polls: this.#polls,
      slotFreed: () => this.#changedQueue(),
    };
    this.#endParts = {
      ledger: this.#options.ledger,
      progress: this.#progress,
      connection: this.#connection,
      disk: this.#disk,
      requeue: (session) => this.#enqueue(session, true),
    };
  }

  /**
   * Queues what a crash or close() left mid-flight (uploading, finalizing, processing) and what was waiting
   * for a connection. Call once after construction. Returns how many sessions it queued.
   */
  start(): number {
    const { ledger } = this.#options;
    const interrupted = ledger.listSessions({ state: IN_FLIGHT_STATES });
    const waiting = ledger
      .listSessions({ state: 'ready' })
      .filter((session) => session.notice === WAITING_NOTICE || session.notice === HELD_NOTICE);
    const sessions = [...interrupted, ...waiting]
      .filter((session) => session.accountId !== null)
      .sort((a, b) => a.createdAt - b.createdAt);
    for (const session of sessions) this.#enqueue(session);
    this.#changedQueue();
    return sessions.length;
  }

  /** Queues ready sessions (and failed ones whose error is retryable). Sessions that cannot go are refused, with why. */
  send(ids: readonly string[]): SendResult {
    if (this.#closed) throw new Error('engine: send() after close()');
    const { ledger, events } = this.#options;
    const refused: SendResult['refused'] = [];
    const queued: string[] = [];
    for (const id of ids) {
      const session = ledger.getSession(id);
      const refusal = session ? whyNotSendable(session) : xferError('not_found', `No session with id ${id}.`);
      if (!session || refusal) {
        refused.push({ id, error: refusal ?? xferError('not_found', `No session with id ${id}.`) });
        continue;
      }
      if (this.#queue.has(id) || this.#active.has(id)) continue;
      if (session.state === 'failed') {
        ledger.transition(id, ['failed'], 'ready', { error: null });
        events.onSessionChanged(id);
      }
      this.#enqueue(session);
      queued.push(id);
    }
    this.#batches.open(queued);
    this.#changedQueue();
    return { queued: queued.length, refused };
  }

  /** Failed, cancelled or expired → ready, then sent. Resumes from acked segments while the media id lives. */
  retry(id: string): SendResult {
    this.#options.ledger.transition(id, RETRYABLE_STATES, 'ready', { error: null, notice: null });
    this.#options.events.onSessionChanged(id);
    return this.send([id]);
  }

  /** Stops a session wherever it is and marks it cancelled. */
  async cancel(id: string): Promise<Session> {
    if (await this.#active.stop(id, 'cancel')) return this.#options.ledger.requireSession(id);
    this.#dequeue(id);
    const session = this.#options.ledger.transition(id, ACTIVE_STATES, 'cancelled', { notice: null });
    this.#options.events.onSessionChanged(id);
    this.#ended(id, 'other');
    return session;
  }

  /** Stops sending a session and leaves it ready (resumable). Not once X has it all (finalizing, processing). */
  async pause(id: string): Promise<Session> {
    const { ledger, events } = this.#options;
    const session = ledger.requireSession(id);
    if (session.state === 'finalizing' || session.state === 'processing') {
      fail('bad_request', `Session ${id} is ${session.state}: X already has the whole file. Cancel it instead.`);
    }
    if (await this.#active.stop(id, 'pause')) return ledger.requireSession(id);
    if (this.#dequeue(id)) {
      ledger.updateSession(id, { notice: PAUSED_NOTICE });
      events.onSessionChanged(id);
      this.#ended(id, 'other');
    }
    return ledger.requireSession(id);
  }

  /** Cancels the session if it is running, then deletes it. */
  async forget(id: string): Promise<boolean> {
    await this.#active.stop(id, 'cancel');
    this.#dequeue(id);
    this.#ended(id, 'other');
    return this.#options.ledger.forgetSession(id);
  }

  /** "Try again now" while offline: probe at once instead of at the next scheduled look. */
  tryAgainNow(): QueueStatus {
    this.#connection.tryNow();
    return this.status();
  }

  /**
   * "Work offline": nothing is sent (uploads in flight stop and wait, first in line) and nothing is
   * probed until it is lifted; then they resume from what X acknowledged.
   */
  async setWorkOffline(held: boolean): Promise<QueueStatus> {
    this.#connection.setHeld(held);
    if (held) await this.#active.stopAll('hold');
    return this.status();
  }

  get workingOffline(): boolean {
    return this.#connection.held;
  }

  status(): QueueStatus {
    const online = this.#connection.online;
    return {
      online,
      workOffline: this.#connection.held,
      waitingForConnection: online ? 0 : this.#queue.size,
      ...(this.#disk.message !== null && { diskFull: this.#disk.message }),
      queued: this.#queue.size,
      active: this.#active.size,
      paused: this.#accountStates.pauses.list(),
    };
  }

  /** Resolves when nothing is queued or running (sessions waiting for a connection count as queued). */
  whenIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Aborts in-flight work; the sessions stay where they were (uploading, …) and resume on the next start(). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.clear();
    const stopped = this.#active.stopAll('close'); // the runs abort before the engine's life does
    this.#life.abort();
    await stopped;
    this.#resolveIdle();
  }

  // ---- scheduling ------------------------------------------------------------------------------

  #enqueue(session: Session, front = false): void {
    if (!this.#active.has(session.id)) this.#queue.add({ id: session.id, accountId: session.accountId }, front);
  }

  #dequeue(id: string): boolean {
    const removed = this.#queue.remove(id);
    if (removed) this.#changedQueue();
    return removed;
  }

  #changedQueue(): void {
    this.#pump();
    this.#emitStatus();
    if (this.#isIdle()) this.#resolveIdle();
  }

  #pump(): void {
    if (this.#closed || !this.#connection.online || this.#connection.held || this.#disk.message !== null) return;
    const { total, uploadsPerAccount } = this.#options.concurrency;
    const starting = new Map<string, number>();
    const canStart = (accountId: string | null): boolean => {
      if (accountId === null) return true; // fails at once in #execute, saying why
      // A 429 holds one endpoint of the account, not the account (reference §2): a new run's requests each
      // wait for their own endpoint's window (request.ts), so INIT is not held for an APPEND's 429.
      const running = this.#active.sending(accountId) + (starting.get(accountId) ?? 0);
      if (running >= uploadsPerAccount) return false;
      starting.set(accountId, (starting.get(accountId) ?? 0) + 1);
      return true;
    };
    // Only runs still sending count: one that X holds whole (finalizing, processing) leaves its slot free.
    for (const entry of this.#queue.take(total - this.#active.sending(), canStart))
      this.#launch(entry.id, entry.accountId);
  }

  /** The cap on the bytes all uploads send together (the bandwidthLimit preference, `--bwlimit`). */
  get throttle(): BandwidthThrottle {
    return this.#options.throttle;
  }

  /** The appendsInFlight preference changed: uploads that start from now on follow it. */
  setAppendsInFlight(value: AppendsInFlight): void {
    this.#options.adaptiveAppends = value === 'adaptive';
    if (value !== 'adaptive') this.#options.concurrency.appendsPerUpload = Math.max(1, Math.trunc(value));
  }

  #launch(id: string, accountId: string | null): void {
    this.#active.launch(
      id,
      accountId,
      (run) => executeRun(this.#runParts, id, run),
      (run, outcome) => {
        try {
          this.#settle(id, run, outcome);
        } finally {
          this.#changedQueue(); // the queue moves on even if recording the end failed (a bug, rethrown)
        }
      },
    );
  }

  /** Applies the end of a run (settlement.ts decides it) to the ledger; the run itself wrote the forward transitions. */
  #settle(id: string, run: Run, outcome: RunOutcome): void {
    const { ledger, events } = this.#options;
    const session = ledger.getSession(id);
    if (!session) return this.#ended(id, 'other');
    const { step, end } = settlement(outcome, run.stop, session.state);
    recordEnd(this.#endParts, session, step);
    events.onSessionChanged(id);
    if (end !== null) this.#ended(id, end);
  }

  #ended(id: string, end: SessionEnd): void {
    this.#progress.forget(id);
    this.#batches.ended(id, end);
  }

  // ---- events ----------------------------------------------------------------------------------

  #emitStatus(): void {
    const status = this.status();
    const key = JSON.stringify(status);
    if (key === this.#lastStatus) return;
    this.#lastStatus = key;
    this.#options.events.onQueueStatus(status);
  }

  #isIdle(): boolean {
    return this.#queue.size === 0 && this.#active.size === 0;
  }

  #resolveIdle(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
