// The taskbar progress and tray tooltip, folded from the window's own events: a fraction of the run's
// bytes, "N uploading · P %", error mode once an upload of the run failed, and -1 (no bar) when idle.
import { describe, expect, it } from 'vitest';
import { IDLE_STATUS, watchDesktopStatus, type DesktopStatus } from '../../main/app/desktop-status.ts';
import type { SessionState } from '../../main/common/session.ts';
import type { SessionView } from '../../main/ipc/contract.ts';
import { EventHub } from '../../main/ipc/events.ts';

const MB = 1024 * 1024;
const progress = (sessionId: string, bytesSent: number, totalBytes: number, state: SessionState = 'uploading') => ({
  sessionId,
  state,
  bytesSent,
  totalBytes,
  segmentsAcked: 0,
  segmentsTotal: 1,
  rateBps: 0,
  etaSec: null,
  processingPercent: null,
});
const changed = (id: string, state: SessionState, totalBytes = 10 * MB) =>
  ({ id, state, bytesAcked: 0, totalBytes }) as unknown as SessionView;
const busy = { online: true, workOffline: false, waitingForConnection: 0, queued: 0, active: 2, paused: [] };
const idle = { ...busy, active: 0 };

function watch() {
  const hub = new EventHub();
  const seen: DesktopStatus[] = [];
  const stop = watchDesktopStatus(hub, (status) => seen.push(status));
  return { hub, seen, stop, last: () => seen.at(-1)! };
}

describe('the desktop status', () => {
  it('starts idle: no bar, and a tooltip that says nothing is uploading', () => {
    const { seen, stop } = watch();
    expect(seen).toEqual([IDLE_STATUS]);
    expect(IDLE_STATUS.progress).toBe(-1);
    stop();
  });

  it('shows the fraction of bytes of the uploads in flight, and their count in the tooltip', () => {
    const { hub, last, stop } = watch();
    hub.emit('status', busy);
    hub.emit('progress', [progress('a', 3 * MB, 10 * MB), progress('b', 6 * MB, 10 * MB)]);
    expect(last()).toEqual({ progress: 0.45, mode: 'normal', tooltip: 'Xfer: 2 uploading · 45 %' });
    stop();
  });

  it('keeps a finished upload as all of its bytes until the run ends, then removes the bar', () => {
    const { hub, last, stop } = watch();
    hub.emit('progress', [progress('a', 9 * MB, 10 * MB), progress('b', 2 * MB, 10 * MB)]);
    hub.emit('sessionChanged', changed('a', 'succeeded'));
    expect(last()).toMatchObject({ progress: 0.6, tooltip: 'Xfer: 1 uploading · 60 %' });
    hub.emit('sessionChanged', changed('b', 'succeeded'));
    hub.emit('status', idle);
    expect(last()).toEqual(IDLE_STATUS);
    stop();
  });

  it('turns to error mode once an upload of the run failed, and back to normal for the next run', () => {
    const { hub, last, stop } = watch();
    hub.emit('progress', [progress('a', 5 * MB, 10 * MB), progress('b', 5 * MB, 10 * MB)]);
    hub.emit('sessionChanged', changed('a', 'failed'));
    expect(last()).toMatchObject({ mode: 'error', tooltip: 'Xfer: 1 uploading · 50 % · a failure' });
    hub.emit('batchFinished', { succeeded: 1, failed: 1 });
    expect(last()).toEqual(IDLE_STATUS);
    hub.emit('progress', [progress('c', 1 * MB, 4 * MB)]);
    expect(last()).toEqual({ progress: 0.25, mode: 'normal', tooltip: 'Xfer: 1 uploading · 25 %' });
    stop();
  });

  it('tells the shell only when something changed', () => {
    const { hub, seen, stop } = watch();
    hub.emit('progress', [progress('a', 5 * MB, 10 * MB)]);
    hub.emit('accountsChanged', []);
    hub.emit('progress', [progress('a', 5 * MB, 10 * MB)]);
    expect(seen).toHaveLength(2);
    stop();
  });
});
