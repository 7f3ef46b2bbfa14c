import { describe, expect, it } from 'vitest';
import { createBridge, type Transport } from '../../main/ipc/bridge.ts';
import {
  CHANNEL_NAMES,
  EVENT_NAMES,
  eventMethodName,
  splitChannel,
  type DroppedItem,
  type Events,
} from '../../main/ipc/contract.ts';

function fakeTransport() {
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const transport: Transport = {
    invoke: async (channel, payload) => {
      invoked.push([channel, payload]);
      return { ok: true, value: channel };
    },
    subscribe: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
  const emit = (event: keyof Events, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
  return { transport, invoked, emit };
}

describe('createBridge', () => {
  it('exposes exactly one function per contract channel and one onX per event', () => {
    const api = createBridge(fakeTransport().transport, {
      channels: CHANNEL_NAMES,
      events: EVENT_NAMES,
    }) as unknown as Record<string, unknown>;
    for (const channel of CHANNEL_NAMES) {
      const [area, verb] = splitChannel(channel);
      expect(typeof (api[area] as Record<string, unknown>)[verb], channel).toBe('function');
    }
    for (const event of EVENT_NAMES) expect(typeof api[eventMethodName(event)], event).toBe('function');
    const exposed = Object.values(api).flatMap((v) => (typeof v === 'function' ? [v] : Object.values(v as object)));
    expect(exposed).toHaveLength(CHANNEL_NAMES.length + EVENT_NAMES.length);
    expect(Object.keys(api)).not.toContain('ipcRenderer');
  });

  it('sends the call to its channel and hands back the result', async () => {
    const { transport, invoked } = fakeTransport();
    const api = createBridge(transport, { channels: CHANNEL_NAMES, events: EVENT_NAMES });
    await expect(api.sessions.cancel({ id: 's1' })).resolves.toEqual({ ok: true, value: 'sessions:cancel' });
    expect(invoked).toEqual([['sessions:cancel', { id: 's1' }]]);
  });

  it('runs the per-channel adapter before sending', async () => {
    const { transport, invoked } = fakeTransport();
    const api = createBridge(
      transport,
      { channels: CHANNEL_NAMES, events: EVENT_NAMES },
      {
        'files:addDropped': (items: Array<{ file: { name: string } }>) => ({
          paths: items.map((item) => `/drop/${item.file.name}`),
        }),
      },
    );
    await api.files.addDropped([{ file: { name: 'a.mp4' }, entry: null }] as unknown as DroppedItem[]);
    expect(invoked).toEqual([['files:addDropped', { paths: ['/drop/a.mp4'] }]]);
  });

  it('waits for an adapter that reads first (a pasted image’s bytes) and sends what it read', async () => {
    const { transport, invoked } = fakeTransport();
    const api = createBridge(
      transport,
      { channels: CHANNEL_NAMES, events: EVENT_NAMES },
      {
        'files:addPasted': async (files: Array<{ name: string; bytes: () => Promise<number[]> }>) => ({
          files: await Promise.all(files.map(async (file) => ({ name: file.name, bytes: await file.bytes() }))),
        }),
      },
    );
    const pasted = { name: 'p.png', bytes: async () => [1, 2, 3] };
    await api.files.addPasted([pasted] as unknown as File[]);
    expect(invoked).toEqual([['files:addPasted', { files: [{ name: 'p.png', bytes: [1, 2, 3] }] }]]);
  });

  it('delivers events until the listener unsubscribes', () => {
    const { transport, emit } = fakeTransport();
    const api = createBridge(transport, { channels: CHANNEL_NAMES, events: EVENT_NAMES });
    const seen: unknown[] = [];
    const unsubscribe = api.onBatchFinished((payload) => seen.push(payload));
    emit('batchFinished', { succeeded: 1, failed: 0 });
    unsubscribe();
    emit('batchFinished', { succeeded: 2, failed: 0 });
    expect(seen).toEqual([{ succeeded: 1, failed: 0 }]);
  });
});
