// What the engine says about its queue as a whole: the status to listeners, only when it changed (every
// change of a run or a pause asks), and to whenIdle()'s callers, that nothing is queued or running.
import type { QueueStatus } from '../../common/progress.ts';

export class QueueSignals {
  readonly #onQueueStatus: (status: QueueStatus) => void;
  #lastStatus = '';
  #idleWaiters: (() => void)[] = [];

  constructor(onQueueStatus: (status: QueueStatus) => void) {
    this.#onQueueStatus = onQueueStatus;
  }

  /** Tells listeners `status` unless it is the one they heard last. */
  status(status: QueueStatus): void {
    const key = JSON.stringify(status);
    if (key === this.#lastStatus) return;
    this.#lastStatus = key;
    this.#onQueueStatus(status);
  }

  /** Resolves at once when `idle`, else at the next idle(). */
  whenIdle(idle: boolean): Promise<void> {
    if (idle) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Nothing is queued or running (or the engine closed): every whenIdle() resolves. */
  idle(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
