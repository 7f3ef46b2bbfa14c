// What the log keeps of the engine's life: each session's state transitions (with the error's kind and words
// when it failed or waits), and the queue going offline, waiting for disk space, or back. Read from the
// engine's events and the ledger, so nothing in core has to remember to log a transition.
import type { Logger } from '../core/log/logger.ts';
import type { Ledger } from '../core/ledger/index.ts';
import type { EngineEventBus } from './engine-events.ts';

export function logEngineEvents(log: Logger, ledger: Ledger, events: Pick<EngineEventBus, 'subscribe'>): () => void {
  const lastState = new Map<string, string>();
  let lastQueue = '';
  return events.subscribe({
    onSessionChanged(id) {
      const session = ledger.getSessionStatus(id);
      const state = session?.state ?? 'forgotten';
      const from = lastState.get(id);
      if (from === state) return;
      lastState.set(id, state);
      const fields = {
        session: id,
        from: from ?? null,
        to: state,
        kind: session?.error?.kind,
        message: session?.error?.message,
        notice: session?.notice ?? undefined,
        segments: session ? `${session.segmentsAcked}/${session.segmentsTotal}` : undefined,
      };
      if (state === 'failed') log.warn('session.state', fields);
      else log.info('session.state', fields);
    },
    onQueueStatus(status) {
      const queue = `${status.online}|${status.diskFull ?? ''}`;
      if (queue === lastQueue) return;
      lastQueue = queue;
      log.info('queue.status', { online: status.online, diskFull: status.diskFull, queued: status.queued });
    },
  });
}
