// Online/offline and the queue's status: loaded once, then kept current by main's `status` events.
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
    return unsubscribe;
  }
}
