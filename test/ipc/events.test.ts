import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventHub, createProgressBatcher } from '../../main/ipc/events.ts';
import { progressEvent } from '../fakes/progress-event.ts';

const progress = (sessionId: string, bytesSent: number) => progressEvent({ sessionId, bytesSent });

afterEach(() => vi.useRealTimers());

describe('createProgressBatcher', () => {
  it('emits one batch per interval holding only the newest event of each session', () => {
    vi.useFakeTimers();
    const hub = new EventHub();
    const batches: unknown[] = [];
    hub.subscribe((event, payload) => event === 'progress' && batches.push(payload));
    const batcher = createProgressBatcher(hub, 250);
    batcher.push(progress('a', 10));
    batcher.push(progress('a', 20));
    batcher.push(progress('b', 5));
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(batches).toEqual([[progress('a', 20), progress('b', 5)]]);
  });

  it('flushes pending events at once and then stays quiet', () => {
    vi.useFakeTimers();
    const hub = new EventHub();
    const batches: unknown[] = [];
    hub.subscribe((_event, payload) => batches.push(payload));
    const batcher = createProgressBatcher(hub, 250);
    batcher.push(progress('a', 100));
    batcher.flush();
    vi.advanceTimersByTime(1000);
    expect(batches).toEqual([[progress('a', 100)]]);
  });
});
