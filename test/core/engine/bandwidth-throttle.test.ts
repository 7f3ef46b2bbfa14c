// The bandwidth cap's token bucket on a fake clock: sleeping moves the clock, so every assertion is about
// how much virtual time the bytes took, never about real time.
import { describe, expect, it } from 'vitest';
import { BandwidthThrottle } from '../../../main/core/engine/bandwidth-throttle.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

/** A clock that only moves when the throttle sleeps; sleeps resolve on the next turn, or reject on abort. */
function fakeTime() {
  const clock = { now: 0, sleeps: [] as number[] };
  const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      clock.sleeps.push(ms);
      if (signal?.aborted) return reject(signal.reason);
      const wake = () => reject(signal?.reason);
      signal?.addEventListener('abort', wake, { once: true });
      setImmediate(() => {
        signal?.removeEventListener('abort', wake);
        if (signal?.aborted) return;
        clock.now += ms;
        resolve();
      });
    });
  return { clock, now: () => clock.now, sleep };
}

async function sendSlices(throttle: BandwidthThrottle, slices: number, bytes: number, log?: string[], name = '') {
  const pacer = throttle.pacer();
  for (let index = 0; index < slices; index++) {
    await pacer.take(bytes);
    log?.push(`${name}${index}`);
  }
}

describe('BandwidthThrottle', () => {
  it("tells a request's pacer whether a cap applies now, as the cap is set and lifted", () => {
    const throttle = new BandwidthThrottle();
    const pacer = throttle.pacer();
    expect(pacer.capped?.()).toBe(false);
    throttle.setLimit(1 * MiB);
    expect(pacer.capped?.()).toBe(true);
    throttle.setLimit(null);
    expect(pacer.capped?.()).toBe(false);
  });

  it('lets bytes through at the cap after a burst of a quarter second', async () => {
    const time = fakeTime();
    const throttle = new BandwidthThrottle({ limit: 1 * MiB, now: time.now, sleep: time.sleep });
    await sendSlices(throttle, 16, 256 * KiB); // 4 MiB
    // The first 256 KiB fill the bucket's burst; the other 3.75 MiB take 3.75 s at 1 MiB/s.
    expect(time.clock.now).toBe(3750);
  });

  it('shares one cap between every upload: two at once take as long as both one after the other', async () => {
    const time = fakeTime();
    const throttle = new BandwidthThrottle({ limit: 2 * MiB, now: time.now, sleep: time.sleep });
    await Promise.all([sendSlices(throttle, 8, 256 * KiB), sendSlices(throttle, 8, 256 * KiB)]); // 4 MiB
    expect(time.clock.now).toBe(1750);
  });

  it('serves the older request first, so in-flight APPENDs finish one by one at the full rate', async () => {
    const time = fakeTime();
    const throttle = new BandwidthThrottle({ limit: 1 * MiB, now: time.now, sleep: time.sleep });
    const log: string[] = [];
    await Promise.all([sendSlices(throttle, 3, 256 * KiB, log, 'a'), sendSlices(throttle, 3, 256 * KiB, log, 'b')]);
    expect(log).toEqual(['a0', 'a1', 'a2', 'b0', 'b1', 'b2']);
  });

  it('passes everything at once with no cap, and when the cap is lifted while a request waits', async () => {
    const time = fakeTime();
    const throttle = new BandwidthThrottle({ now: time.now, sleep: time.sleep });
    await sendSlices(throttle, 100, 256 * KiB);
    expect(time.clock.sleeps).toEqual([]);

    throttle.setLimit(100 * KiB);
    const pacer = throttle.pacer();
    await pacer.take(25 * KiB); // the burst
    const waiting = pacer.take(5 * MiB); // asleep for the bucket now
    throttle.setLimit(null);
    await waiting;
    expect(time.clock.now).toBe(0);
  });

  it('gives a slice larger than the bucket its turn once the bucket is full, and charges all of it', async () => {
    const time = fakeTime();
    const throttle = new BandwidthThrottle({ limit: 100 * KiB, now: time.now, sleep: time.sleep });
    const pacer = throttle.pacer();
    await pacer.take(1 * MiB); // the bucket (25 KiB) was full: goes, 999 KiB in debt
    await pacer.take(25 * KiB); // waits for the debt and its own bytes: 1 MiB at 100 KiB/s
    expect(time.clock.now).toBe(10_240);
  });

  it('drops a request whose signal aborts while it waits, and serves the next', async () => {
    const time = fakeTime();
    const throttle = new BandwidthThrottle({ limit: 1 * MiB, now: time.now, sleep: time.sleep });
    const first = throttle.pacer();
    await first.take(256 * KiB);
    const stop = new AbortController();
    const aborted = first.take(256 * KiB, stop.signal);
    const next = throttle.pacer().take(256 * KiB);
    stop.abort(new Error('paused'));
    await expect(aborted).rejects.toThrow('paused');
    await next;
    expect(time.clock.now).toBe(250);
  });
});
