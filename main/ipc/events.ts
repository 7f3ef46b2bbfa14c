// Main's outgoing events: one hub the services emit into, and every window (Electron) or
// socket (web harness) subscribes to. Progress is batched so a busy queue costs the renderer
// one message per interval, not one per chunk.
import type { ProgressEvent } from '../common/progress.ts';
import type { Events } from './contract.ts';

export type EventListener = <E extends keyof Events>(event: E, payload: Events[E]) => void;

export class EventHub {
  #listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    for (const listener of this.#listeners) listener(event, payload);
  }
}

/**
 * Collects progress events and emits them as one `progress` array per interval, keeping only
 * the newest event of each session. `flush()` sends what is pending at once (final events).
 */
export function createProgressBatcher(
  hub: EventHub,
  intervalMs = 250,
): { push(event: ProgressEvent): void; flush(): void; close(): void } {
  let pending = new Map<string, ProgressEvent>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.size === 0) return;
    const batch = [...pending.values()];
    pending = new Map();
    hub.emit('progress', batch);
  };
  return {
    push(event) {
      pending.set(event.sessionId, event);
      timer ??= setTimeout(flush, intervalMs);
    },
    flush,
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending.clear();
    },
  };
}
