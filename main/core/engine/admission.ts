// Which queued sessions may start now, in queue order. Only runs still sending count against the caps: one
// that X holds whole (finalizing, processing) leaves its slot free. Each account has its own cap, since X
// counts limits per user token (reference §2). A 429 holds one endpoint of the account, not the account: a
// new run's requests each wait for their own endpoint's window (request.ts), so INIT is not held here for an
// APPEND's 429.
import type { ActiveRuns } from './active-runs.ts';
import type { Concurrency } from './options.ts';
import type { QueueEntry, SessionQueue } from './session-queue.ts';

export interface Admission {
  concurrency: Pick<Concurrency, 'total' | 'uploadsPerAccount'>;
  runs: Pick<ActiveRuns, 'sending'>;
}

/** Takes out of `queue` the sessions that may start now (the caller starts them). */
export function admit(queue: SessionQueue, { concurrency, runs }: Admission): QueueEntry[] {
  const { total, uploadsPerAccount } = concurrency;
  const starting = new Map<string, number>();
  const canStart = (accountId: string | null): boolean => {
    if (accountId === null) return true; // its run fails at once, saying why (run-execution.ts)
    const running = runs.sending(accountId) + (starting.get(accountId) ?? 0);
    if (running >= uploadsPerAccount) return false;
    starting.set(accountId, (starting.get(accountId) ?? 0) + 1);
    return true;
  };
  return queue.take(total - runs.sending(), canStart);
}
