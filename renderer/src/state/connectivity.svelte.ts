// Online/offline and the queue's status: loaded once, then kept current by main's `status` events.
// Also what the user can do about being offline: try again now, or work offline (hold all sending).
import type { XferError } from '../../../main/common/errors.ts';
import type { QueueStatus } from '../../../main/common/progress.ts';
import type { XferApi } from '../api.ts';

const UNKNOWN: QueueStatus = {
  online: true,
  workOffline: false,
  waitingForConnection: 0,
  queued: 0,
  active: 0,
  paused: [],
};

export class ConnectivityState {
  status = $state.raw<QueueStatus>(UNKNOWN);
  loaded = $state(false);
  online = $derived(this.status.online);
  /** A "try again now" or a work-offline switch in flight. */
  busy = $state(false);
  error = $state.raw<XferError | null>(null);
  #api: XferApi;

  constructor(api: XferApi) {
    this.#api = api;
  }

  /** Subscribes first so no event between the load and the subscription is lost; returns the unsubscribe. */
  start(): () => void {
    const unsubscribe = this.#api.onStatus((status) => {
      this.status = status;
      this.loaded = true;
    });
    void this.#api.queue.status().then((result) => {
      if (result.ok && !this.loaded) {
        this.status = result.value;
        this.loaded = true;
      }
    });
    // The system says the network is back (Wi-Fi rejoined): look now rather than at the next probe.
    const onBack = () => {
      if (!this.status.online && !this.status.workOffline) void this.tryAgainNow();
    };
    globalThis.addEventListener?.('online', onBack);
    return () => {
      unsubscribe();
      globalThis.removeEventListener?.('online', onBack);
    };
  }

  tryAgainNow(): Promise<void> {
    return this.#run(() => this.#api.queue.tryAgainNow());
  }

  setWorkOffline(workOffline: boolean): Promise<void> {
    return this.#run(() => this.#api.queue.setWorkOffline({ workOffline }));
  }

  async #run(call: () => Promise<{ ok: true; value: QueueStatus } | { ok: false; error: XferError }>): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      const result = await call();
      if (result.ok) this.status = result.value;
      else this.error = result.error;
    } finally {
      this.busy = false;
    }
  }
}
