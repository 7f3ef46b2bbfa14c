// The engine's and the registry's events, pushed into the IPC hub: progress batched (at most one
// message per interval, newest per session), session changes as full views, the queue status,
// and a desktop notification when a batch of sends ends (a click opens its failed session, or its
// one session, or the Sessions screen).
import { ACTIVE_STATES } from '../common/session-states.ts';
import type { NavigateTarget } from '../ipc/contract.ts';
import type { EventHub } from '../ipc/events.ts';
import { createProgressBatcher } from '../ipc/events.ts';
import type { Services } from './services.ts';
import { sessionView } from './session-views.ts';

/**
 * The notification for a finished batch, or null when none of it was sent to the end (every session paused,
 * cancelled or forgotten): that is not "Uploads finished — 0 of 0".
 */
export function batchMessage(summary: { succeeded: number; failed: number }): { title: string; body: string } | null {
  const total = summary.succeeded + summary.failed;
  if (total === 0) return null;
  if (summary.failed === 0) return { title: 'Uploads finished', body: `${summary.succeeded} of ${total} uploaded` };
  return { title: 'Uploads finished with failures', body: `${summary.succeeded} uploaded, ${summary.failed} failed` };
}

export function forwardServiceEvents(
  services: Services,
  hub: EventHub,
  notify: (title: string, body: string, target: NavigateTarget) => void,
): () => void {
  const batcher = createProgressBatcher(hub);
  // The sessions that ended in this batch, so its notification can open the one that matters.
  const ended = new Map<string, { failed: boolean }>();
  const stopEngine = services.events.subscribe({
    onProgress: (event) => batcher.push(event),
    onSessionChanged: (id) => {
      const session = services.ledger.getSession(id);
      if (!session) return;
      // The last progress of a session goes out before the change that ends it.
      if (!ACTIVE_STATES.includes(session.state)) batcher.flush(); // settled: its last progress goes now
      if (session.state === 'succeeded' || session.state === 'failed')
        ended.set(id, { failed: session.state === 'failed' });
      const account = session.accountId ? services.ledger.getAccount(session.accountId) : null;
      hub.emit('sessionChanged', sessionView(session, account?.name ?? null));
    },
    onQueueStatus: (status) => hub.emit('status', status),
    onBatchFinished: (summary) => {
      batcher.flush();
      hub.emit('batchFinished', summary);
      const message = batchMessage(summary);
      const ids = [...ended.keys()];
      const opened = ids.find((id) => ended.get(id)!.failed) ?? (ids.length === 1 ? ids[0]! : null);
      ended.clear();
      if (message) notify(message.title, message.body, { screen: 'sessions', id: opened });
    },
  });
  const stopAccounts = services.accounts.onChanged((accounts) => hub.emit('accountsChanged', accounts));
  // Conversion progress is throttled where ffmpeg's reports are read (run-ffmpeg.ts): forwarded as is.
  const stopConversions = services.onConversion((event) => hub.emit('conversion', event));
  return () => {
    stopEngine();
    stopAccounts();
    stopConversions();
    batcher.close();
  };
}
