// The engine's events as the window and the desktop get them: a batch's notification carries what a
// click opens — its failed session, else its one session, else just the Sessions screen.
import { describe, expect, it } from 'vitest';
import { createEngineEventBus } from '../../main/app/engine-events.ts';
import { forwardServiceEvents } from '../../main/app/forward-events.ts';
import type { Services } from '../../main/app/services.ts';
import type { Session, SessionState } from '../../main/common/session.ts';
import type { NavigateTarget } from '../../main/ipc/contract.ts';
import { EventHub } from '../../main/ipc/events.ts';

function harness() {
  const bus = createEngineEventBus();
  const sessions = new Map<string, Session>();
  const services = {
    events: bus,
    ledger: { getSession: (id: string) => sessions.get(id) ?? null, getAccount: () => null },
    accounts: { onChanged: () => () => {} },
    onConversion: () => () => {},
  } as unknown as Services;
  const notifications: { title: string; body: string; target: NavigateTarget }[] = [];
  const stop = forwardServiceEvents(services, new EventHub(), (title, body, target) =>
    notifications.push({ title, body, target }),
  );
  const end = (id: string, state: SessionState) => {
    sessions.set(id, { id, state, file: `/media/${id}.mp4`, accountId: null } as unknown as Session);
    bus.sink.onSessionChanged(id);
  };
  return { bus, end, notifications, stop };
}

describe('the batch notification', () => {
  it('opens the failed session when one of the batch failed', () => {
    const { bus, end, notifications, stop } = harness();
    end('s-1', 'succeeded');
    end('s-2', 'failed');
    end('s-3', 'succeeded');
    bus.sink.onBatchFinished({ succeeded: 2, failed: 1 });
    expect(notifications).toEqual([
      {
        title: 'Uploads finished with failures',
        body: '2 uploaded, 1 failed',
        target: { screen: 'sessions', id: 's-2' },
      },
    ]);
    stop();
  });

  it('opens the one session of a batch of one, and only the screen for a batch of several', () => {
    const { bus, end, notifications, stop } = harness();
    end('s-1', 'succeeded');
    bus.sink.onBatchFinished({ succeeded: 1, failed: 0 });
    end('s-2', 'succeeded');
    end('s-3', 'succeeded');
    bus.sink.onBatchFinished({ succeeded: 2, failed: 0 });
    expect(notifications.map((notification) => notification.target)).toEqual([
      { screen: 'sessions', id: 's-1' },
      { screen: 'sessions', id: null },
    ]);
    stop();
  });
});
