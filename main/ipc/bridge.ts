// Builds the renderer's `window.xfer` from any transport: Electron's ipcRenderer in the
// preload, a WebSocket in the web harness. One function per channel, `onX` per event.
// Must stay free of zod and node imports: it is bundled into the sandboxed preload.
import type { Result } from '../common/errors.ts';
import type { Channel, Events, XferApi } from './contract.ts';

export interface Transport {
  invoke(channel: Channel, payload: unknown): Promise<Result<unknown>>;
  subscribe(event: keyof Events, listener: (payload: unknown) => void): () => void;
}

/** Channel names and event names are passed in (from the contract) so this file imports no values. */
export function createBridge(
  transport: Transport,
  names: { channels: readonly Channel[]; events: readonly (keyof Events)[] },
  /** Per-channel argument adapters, e.g. the preload turning dropped File objects into paths. */
  adapters: Partial<Record<Channel, (argument: never) => unknown>> = {},
): XferApi {
  const api: Record<string, unknown> = {};
  for (const channel of names.channels) {
    const [area, verb] = channel.split(':') as [string, string];
    const group = (api[area] ??= {}) as Record<string, unknown>;
    const adapt = adapters[channel] as ((argument: unknown) => unknown) | undefined;
    // An adapter may need to wait (the preload reading a pasted image's bytes).
    group[verb] = async (argument?: unknown) => transport.invoke(channel, adapt ? await adapt(argument) : argument);
  }
  for (const event of names.events) {
    const method = `on${event[0]!.toUpperCase()}${event.slice(1)}`;
    api[method] = (listener: (payload: unknown) => void) => transport.subscribe(event, listener);
  }
  return api as XferApi;
}
