// The engine takes one listener at construction; the CLI's progress bars, the IPC hub and tests
// each want their own. This fans the engine's events out to any number of subscribers.
import type { EngineEvents } from '../core/engine/types.ts';

export interface EngineEventBus {
  /** What the engine is given. */
  readonly sink: Required<EngineEvents>;
  subscribe(listener: Partial<EngineEvents>): () => void;
}

export function createEngineEventBus(): EngineEventBus {
  const listeners = new Set<Partial<EngineEvents>>();
  const each = <K extends keyof EngineEvents>(name: K, ...args: Parameters<Required<EngineEvents>[K]>) => {
    for (const listener of listeners) {
      const handler = listener[name] as ((...values: typeof args) => void) | undefined;
      handler?.(...args);
    }
  };
  return {
    sink: {
      onProgress: (event) => each('onProgress', event),
      onSessionChanged: (id) => each('onSessionChanged', id),
      onQueueStatus: (status) => each('onQueueStatus', status),
      onBatchFinished: (summary) => each('onBatchFinished', summary),
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
