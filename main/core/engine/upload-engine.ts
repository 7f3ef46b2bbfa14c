// The scheduler: queues sessions, runs them under per-account and total limits, pauses an account's endpoint
// on 429, waits for a connection when the API is unreachable, and resumes what a crash or close() left mid-flight.
// Here: the commands over one queue and the runs in flight. Who may start is admission.ts; one run is
// run-execution.ts (its own flow, upload-run.ts); how it ended, settlement.ts and run-end.ts; the pieces they
// share (progress, pauses, connection, disk), engine-parts.ts.
import { fail, xferError } from '../../common/errors.ts';
import type { XferError } from '../../common/errors.ts';
import { HELD_NOTICE, PAUSED_NOTICE, WAITING_NOTICE } from '../../common/notices.ts';
import type { AppendsInFlight } from '../../common/preferences.ts';
import type { QueueStatus } from '../../common/progress.ts';
import { ACTIVE_STATES, IN_FLIGHT_STATES, RETRYABLE_STATES } from '../../common/session-states.ts';
import type { Session } from '../../common/session.ts';
import { ActiveRuns, type Run } from './active-runs.ts';
import { admit } from './admission.ts';
import type { BandwidthThrottle } from './bandwidth-throttle.ts';
import type { SessionEnd } from './batches.ts';
import { buildEngineParts, type EngineParts } from './engine-parts.ts';
import { resolveOptions, type EngineOptions, type ResolvedOptions } from './options.ts';
import { QueueSignals } from './queue-signals.ts';
import { recordEnd } from './run-end.ts';
import { executeRun } from './run-execution.ts';
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
  readonly #life = new AbortController();
  readonly #parts: EngineParts;
  readonly #signals: QueueSignals;
  #closed = false;

  constructor(options: EngineOptions) {
    this.#options = resolveOptions(options);
    this.#signals = new QueueSignals((status) => this.#options.events.onQueueStatus(status));
    this.#parts = buildEngineParts(this.#options, this.#life.signal, {
      changed: () => this.#changedQueue(),
      requeue: (session) => this.#enqueue(session, true),
    });
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
    this.#parts.batches.open(queued);
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
    this.#parts.connection.tryNow();
    return this.status();
  }

  /**
   * "Work offline": nothing is sent (uploads in flight stop and wait, first in line) and nothing is
   * probed until it is lifted; then they resume from what X acknowledged.
   */
  async setWorkOffline(held: boolean): Promise<QueueStatus> {
    this.#parts.connection.setHeld(held);
    if (held) await this.#active.stopAll('hold');
    return this.status();
  }

  get workingOffline(): boolean {
    return this.#parts.connection.held;
  }

  status(): QueueStatus {
    const online = this.#parts.connection.online;
    return {
      online,
      workOffline: this.#parts.connection.held,
      waitingForConnection: online ? 0 : this.#queue.size,
      ...(this.#parts.disk.message !== null && { diskFull: this.#parts.disk.message }),
      queued: this.#queue.size,
      active: this.#active.size,
      paused: this.#parts.accountStates.pauses.list(),
    };
  }

  /** Resolves when nothing is queued or running (sessions waiting for a connection count as queued). */
  whenIdle(): Promise<void> {
    return this.#signals.whenIdle(this.#isIdle());
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

  /** Aborts in-flight work; the sessions stay where they were (uploading, …) and resume on the next start(). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.clear();
    const stopped = this.#active.stopAll('close'); // the runs abort before the engine's life does
    this.#life.abort();
    await stopped;
    this.#signals.idle();
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
    this.#signals.status(this.status());
    if (this.#isIdle()) this.#signals.idle();
  }

  #pump(): void {
    const { connection, disk } = this.#parts;
    if (this.#closed || !connection.online || connection.held || disk.message !== null) return;
    const admitted = admit(this.#queue, { concurrency: this.#options.concurrency, runs: this.#active });
    for (const entry of admitted) this.#launch(entry.id, entry.accountId);
  }

  #launch(id: string, accountId: string | null): void {
    this.#active.launch(
      id,
      accountId,
      (run) => executeRun(this.#parts, id, run),
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
    recordEnd(this.#parts, session, step);
    events.onSessionChanged(id);
    if (end !== null) this.#ended(id, end);
  }

  #ended(id: string, end: SessionEnd): void {
    this.#parts.progress.forget(id);
    this.#parts.batches.ended(id, end);
  }

  #isIdle(): boolean {
    return this.#queue.size === 0 && this.#active.size === 0;
  }
}
