import { describe, expect, it } from 'vitest';
import { ConnectionWatch, DEFAULT_RECONNECT, reconnectDelayMs } from '../../../main/core/engine/connectivity.ts';

describe('reconnectDelayMs (the probe schedule)', () => {
  it('looks again within 2 s all through a young outage, whatever the number of probes so far', () => {
    const waits = Array.from({ length: 150 }, (_, attempt) =>
      reconnectDelayMs(attempt, attempt * 2000, DEFAULT_RECONNECT),
    );
    expect(waits.slice(0, 4)).toEqual([500, 1000, 2000, 2000]);
    expect(Math.max(...waits)).toBe(2000);
  });

  it('probes less and less often once the outage is old, up to every 30 s', () => {
    const old = DEFAULT_RECONNECT.fastForMs;
    expect(reconnectDelayMs(500, old + 20_000, DEFAULT_RECONNECT)).toBe(2000);
    expect(reconnectDelayMs(500, old + 100_000, DEFAULT_RECONNECT)).toBe(10_000);
    expect(reconnectDelayMs(500, old + 3_600_000, DEFAULT_RECONNECT)).toBe(30_000);
  });

  it('never waits longer than the maximum, even when the steady wait is set above it', () => {
    const policy = { initialDelayMs: 2, steadyDelayMs: 50, fastForMs: 1000, maxDelayMs: 10 };
    expect(reconnectDelayMs(10, 0, policy)).toBe(10);
  });
});

/** A watch driven by hand: each sleep waits until the test lets it go, or until it is cut short. */
function manualWatch(answers: boolean[]) {
  const naps: { ms: number; wake: () => void }[] = [];
  let probes = 0;
  let changes = 0;
  const life = new AbortController();
  const watch = new ConnectionWatch({
    probe: async () => {
      probes++;
      return answers.shift() ?? false;
    },
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        const nap = { ms, wake: () => resolve() };
        naps.push(nap);
        signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      }),
    now: () => 0,
    policy: DEFAULT_RECONNECT,
    signal: life.signal,
    onChange: () => changes++,
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { watch, naps, probes: () => probes, changes: () => changes, settle, close: () => life.abort() };
}

describe('ConnectionWatch', () => {
  it('probes after each wait until the API answers, then is online again', async () => {
    const world = manualWatch([false, true]);
    world.watch.lost();
    expect(world.watch.online).toBe(false);
    await world.settle();
    world.naps.at(-1)!.wake();
    await world.settle();
    world.naps.at(-1)!.wake();
    await world.settle();
    expect(world.probes()).toBe(2);
    expect(world.watch.online).toBe(true);
    expect(world.naps.map((nap) => nap.ms)).toEqual([500, 1000]);
    world.close();
  });

  it('"try again now" probes at once instead of waiting out the current wait', async () => {
    const world = manualWatch([true]);
    world.watch.lost();
    await world.settle();
    expect(world.probes()).toBe(0);
    world.watch.tryNow();
    await world.settle();
    expect(world.probes()).toBe(1);
    expect(world.watch.online).toBe(true);
    world.close();
  });

  it('probes nothing while held (work offline), and at once when the hold is lifted', async () => {
    const world = manualWatch([true]);
    world.watch.lost();
    world.watch.setHeld(true);
    await world.settle();
    for (let i = 0; i < 3; i++) {
      world.naps.at(-1)!.wake();
      await world.settle();
    }
    expect(world.probes()).toBe(0);
    world.watch.setHeld(false);
    await world.settle();
    expect(world.probes()).toBe(1);
    expect(world.watch.online).toBe(true);
    world.close();
  });

  it('ends quietly when its signal aborts mid-wait', async () => {
    const world = manualWatch([]);
    world.watch.lost();
    await world.settle();
    world.close();
    await world.settle();
    expect(world.probes()).toBe(0);
  });

  it('lets a failing wait (a bug, not an abort) surface and end the watch, instead of waiting again', async () => {
    const bug = new TypeError('the clock is broken');
    let sleeps = 0;
    const life = new AbortController();
    const watch = new ConnectionWatch({
      probe: async () => true,
      // The first wait fails for a reason of its own; any later one would wait for ever.
      sleep: (_ms, signal) =>
        sleeps++ === 0
          ? Promise.reject(bug)
          : new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error))),
      now: () => 0,
      policy: DEFAULT_RECONNECT,
      signal: life.signal,
      onChange: () => {},
    });
    const surfaced = await unhandledRejectionsDuring(async () => {
      watch.lost();
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    });
    life.abort();
    expect(surfaced).toEqual([bug]);
    expect(sleeps).toBe(1);
  });
});

/** The unhandled rejections while `run` runs, caught here instead of by the test runner's own listener. */
async function unhandledRejectionsDuring(run: () => Promise<void>): Promise<unknown[]> {
  const theirs = process.listeners('unhandledRejection');
  const seen: unknown[] = [];
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', (reason) => seen.push(reason));
  try {
    await run();
  } finally {
    process.removeAllListeners('unhandledRejection');
    for (const listener of theirs) process.on('unhandledRejection', listener);
  }
  return seen;
}
