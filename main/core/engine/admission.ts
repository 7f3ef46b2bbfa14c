// Which queued sessions may start now, in queue order. Only runs still sending count against the caps: one
// that X holds whole (finalizing, processing) leaves its slot free, and one that only waits out retry delays
// (run-waits.ts) lends it to the next session until its wait ends. Each account has its own cap, since X
// counts limits per user token (reference §2). A 429 holds one endpoint of the account, not the account: a
// new run's requests each wait for their own endpoint's window (request.ts), so INIT is not held here for an
// APPEND's 429.
import type { ActiveRuns } from './active-runs.ts';
import type { Concurrency } from './options.ts';
import type { QueueEntry, SessionQueue } from './session-queue.ts';

export interface Admission {
  concurrency: Pick<Concurrency, 'total' | 'uploadsPerAccount'>;
  runs: Pick<ActiveRuns, 'sending' | 'started'>;
}

/**
 * A lent slot is lent once: runs not yet done sending, waiting or not, stay within this many times the cap,
 * so an outage (every request failing, every run waiting) does not start the whole queue, and when the
 * waits end no more than twice the cap send at once.
 */
const STARTED_PER_SLOT = 2;

/** Takes out of `queue` the sessions that may start now (the caller starts them). */
export function admit(queue: SessionQueue, { concurrency, runs }: Admission): QueueEntry[] {
  const { total, uploadsPerAccount } = concurrency;
  const starting = new Map<string, number>();
  const canStart = (accountId: string | null): boolean => {
    if (accountId === null) return true; // its run fails at once, saying why (run-execution.ts)
    const more = starting.get(accountId) ?? 0;
    if (runs.sending(accountId) + more >= uploadsPerAccount) return false;
    if (runs.started(accountId) + more >= STARTED_PER_SLOT * uploadsPerAccount) return false;
    starting.set(accountId, more + 1);
    return true;
  };
  return queue.take(Math.min(total - runs.sending(), STARTED_PER_SLOT * total - runs.started()), canStart);
}
