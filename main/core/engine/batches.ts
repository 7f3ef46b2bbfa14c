// send() batches: each call's sessions, so listeners hear once when all of them have ended.

export type SessionEnd = 'succeeded' | 'failed' | 'other';

interface Batch {
  pending: Set<string>;
  succeeded: number;
  failed: number;
}

export class Batches {
  readonly #batches: Batch[] = [];
  readonly #onFinished: (summary: { succeeded: number; failed: number }) => void;

  constructor(onFinished: (summary: { succeeded: number; failed: number }) => void) {
    this.#onFinished = onFinished;
  }

  open(ids: readonly string[]): void {
    if (ids.length > 0) this.#batches.push({ pending: new Set(ids), succeeded: 0, failed: 0 });
  }

  /** A session ended (succeeded, failed, or left the queue: cancelled, paused, forgotten). */
  ended(id: string, end: SessionEnd): void {
    for (let index = 0; index < this.#batches.length; index++) {
      const batch = this.#batches[index] as Batch;
      if (!batch.pending.delete(id)) continue;
      if (end === 'succeeded') batch.succeeded++;
      if (end === 'failed') batch.failed++;
      if (batch.pending.size === 0) {
        this.#batches.splice(index--, 1);
        this.#onFinished({ succeeded: batch.succeeded, failed: batch.failed });
      }
    }
  }
}
