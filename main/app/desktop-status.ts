// What the desktop shows outside the window while Xfer sends: the taskbar/dock progress and the
// tray's tooltip. Folded from the same events the window gets (the IPC hub), so the icon and the
// window never disagree. Electron-free: the shell applies the result (main/index.ts).
import { IN_FLIGHT_STATES } from '../common/session-states.ts';
import type { SessionState } from '../common/session.ts';
import type { Events } from '../ipc/contract.ts';
import type { EventHub } from '../ipc/events.ts';

export interface DesktopStatus {
  /** BrowserWindow.setProgressBar's value: 0–1 while sending, -1 when idle (removes the bar). */
  progress: number;
  /** 'error' once an upload of the current run failed (Windows paints the bar red; others ignore it). */
  mode: 'normal' | 'error';
  /** "2 uploading · 45 %", or "Xfer: nothing uploading" when idle. */
  tooltip: string;
}

export const IDLE_STATUS: DesktopStatus = { progress: -1, mode: 'normal', tooltip: 'Xfer: nothing uploading' };

interface Tallied {
  state: SessionState;
  sent: number;
  total: number;
}

/**
 * The sessions of the current run, kept until the queue is idle: a finished upload still counts
 * as its bytes, so the bar moves forward over a run instead of jumping back as each one ends.
 */
export class UploadTally {
  #sessions = new Map<string, Tallied>();
  #failed = false;

  apply<E extends keyof Events>(event: E, payload: Events[E]): void {
    if (event === 'progress') {
      for (const item of payload as Events['progress'])
        this.#sessions.set(item.sessionId, { state: item.state, sent: item.bytesSent, total: item.totalBytes });
    } else if (event === 'sessionChanged') {
      const session = payload as Events['sessionChanged'];
      const known = this.#sessions.get(session.id);
      if (session.state === 'failed' && known) this.#failed = true;
      if (known) known.state = session.state;
      else if (IN_FLIGHT_STATES.includes(session.state))
        this.#sessions.set(session.id, { state: session.state, sent: session.bytesAcked, total: session.totalBytes });
      // An upload that ended well counts as all of its bytes (its last progress may predate FINALIZE).
      if (session.state === 'succeeded' && known) known.sent = known.total;
    } else if (event === 'sessionRemoved') {
      this.#sessions.delete((payload as Events['sessionRemoved']).id);
    } else if (event === 'status') {
      const status = payload as Events['status'];
      if (status.active === 0 && status.queued === 0) this.#reset();
    } else if (event === 'batchFinished') {
      this.#reset();
    }
  }

  status(): DesktopStatus {
    const uploading = [...this.#sessions.values()].filter((session) => IN_FLIGHT_STATES.includes(session.state));
    if (uploading.length === 0) return IDLE_STATUS;
    let sent = 0;
    let total = 0;
    for (const session of this.#sessions.values()) {
      total += session.total;
      sent += Math.min(session.sent, session.total);
    }
    const progress = total > 0 ? sent / total : 0;
    const failed = this.#failed ? ' · a failure' : '';
    return {
      progress,
      mode: this.#failed ? 'error' : 'normal',
      tooltip: `Xfer: ${uploading.length} uploading · ${Math.floor(progress * 100)} %${failed}`,
    };
  }

  #reset(): void {
    this.#sessions.clear();
    this.#failed = false;
  }
}

/** Calls `apply` with each new status (only when it changed); returns the unsubscribe. */
export function watchDesktopStatus(hub: EventHub, apply: (status: DesktopStatus) => void): () => void {
  const tally = new UploadTally();
  let last = IDLE_STATUS;
  apply(last);
  return hub.subscribe((event, payload) => {
    tally.apply(event, payload);
    const next = tally.status();
    if (next.progress === last.progress && next.mode === last.mode && next.tooltip === last.tooltip) return;
    last = next;
    apply(next);
  });
}
