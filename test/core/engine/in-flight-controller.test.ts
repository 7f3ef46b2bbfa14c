// The in-flight controller's decisions, on throughput traces recorded by `npm run bench` (bench/results.md,
// 2026-11-25, "Xfer's concurrency curve": MB/s of a 50 MB upload at 1, 2, 4 and 8 APPENDs in flight) and
// on the link models the bench's conditions stand for. A small event simulation keeps `limit()` APPENDs
// in flight and gives each the duration the trace says; the controller sees only what the engine would.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_IN_FLIGHT,
  InFlightController,
  MAX_IN_FLIGHT,
  MIN_IN_FLIGHT,
} from '../../../main/core/engine/in-flight-controller.ts';

const MIB = 1_048_576;
const CHUNK = 5 * MIB;
/** A 1 GB upload in 5 MiB segments, the bench's largest. */
const SEGMENTS = 200;

/** Aggregate goodput (bytes/s) with n APPENDs in flight. */
type Link = (n: number) => number;

/** Linear interpolation over a recorded curve (n → MB/s); past its last point it stays flat. */
function recorded(curve: Record<number, number>): Link {
  const points = Object.entries(curve)
    .map(([n, mbps]) => [Number(n), mbps * MIB] as const)
    .sort((a, b) => a[0] - b[0]);
  return (n) => {
    const last = points.at(-1)!;
    if (n >= last[0]) return last[1];
    for (let i = 1; i < points.length; i++) {
      const [n0, g0] = points[i - 1]!;
      const [n1, g1] = points[i]!;
      if (n <= n1) return g0 + ((g1 - g0) * (n - n0)) / (n1 - n0);
    }
    return points[0]![1];
  };
}

// bench/results.md 2026-11-25, the concurrency curve.
const LOOPBACK = recorded({ 1: 97.7, 2: 103.4, 4: 107.4, 8: 105.3 });
const SHARED_40 = recorded({ 1: 22.3, 2: 28.3, 4: 30.1, 8: 31.7 });
// Per-connection caps scale with n until something else limits: the model is the cap × n, 50 ms per request.
const perConnection =
  (mbps: number, rttMs: number): Link =>
  (n) =>
    (n * CHUNK) / (rttMs / 1000 + CHUNK / (mbps * MIB));

type Controls = Pick<InFlightController, 'limit' | 'observe'>;

interface Run<C extends Controls> {
  limits: number[];
  goodput: number;
  controller: C;
}

/** Uploads `segments` chunks through the controller over `link`; `perturb` may inject events by time. */
function simulate<C extends Controls = InFlightController>(
  link: Link,
  segments: number,
  controller: C = new InFlightController({ chunkBytes: CHUNK }) as unknown as C,
): Run<C> {
  let now = 0;
  let sent = 0;
  const inFlight: { startedAt: number; remaining: number }[] = [];
  const limits: number[] = [];
  let done = 0;
  while (done < segments) {
    while (inFlight.length < controller.limit(now) && sent < segments) {
      inFlight.push({ startedAt: now, remaining: CHUNK });
      sent++;
    }
    limits.push(inFlight.length);
    // Every request in flight gets an equal share of the link's goodput at this concurrency.
    const share = link(inFlight.length) / inFlight.length;
    const next = Math.min(...inFlight.map((request) => request.remaining));
    const dt = next / share;
    now += dt * 1000;
    for (const request of inFlight) request.remaining -= next;
    for (let i = inFlight.length - 1; i >= 0; i--) {
      const request = inFlight[i]!;
      if (request.remaining > 1e-6) continue;
      inFlight.splice(i, 1);
      done++;
      controller.observe({ kind: 'acked', startedAt: request.startedAt, endedAt: now, bytes: CHUNK });
    }
  }
  return { limits, goodput: (segments * CHUNK) / (now / 1000), controller };
}

/** The best of the fixed settings the bench compares against, uploading the same segments over the same link. */
const bestFixed = (link: Link, segments: number) =>
  Math.max(...[1, 4, 8, 16].map((n) => simulate(link, segments, { limit: () => n, observe: () => undefined }).goodput));

describe('in-flight controller', () => {
  it('grows while goodput rises: 50 ms + 10 MB/s per connection reaches the top', () => {
    const link = perConnection(10, 50);
    const run = simulate(link, SEGMENTS);
    expect(run.controller.limit(0)).toBe(MAX_IN_FLIGHT);
    expect(run.goodput).toBeGreaterThanOrEqual(0.9 * bestFixed(link, SEGMENTS));
  });

  it('stops growing where goodput stops rising: the recorded shared 40 MB/s uplink', () => {
    const run = simulate(SHARED_40, SEGMENTS);
    expect(run.goodput).toBeGreaterThanOrEqual(0.9 * bestFixed(SHARED_40, SEGMENTS));
    expect(run.controller.lastGood()).toBeLessThanOrEqual(8);
  });

  it('does not pile up requests on loopback, where more in flight buys nothing', () => {
    const run = simulate(LOOPBACK, SEGMENTS);
    expect(run.goodput).toBeGreaterThanOrEqual(0.9 * bestFixed(LOOPBACK, SEGMENTS));
    // Mostly at the starting value: probes one or two higher now and then, never runs away.
    const median = [...run.limits].sort((a, b) => a - b)[Math.floor(run.limits.length / 2)];
    expect(median).toBeLessThanOrEqual(DEFAULT_IN_FLIGHT);
    expect(Math.max(...run.limits)).toBeLessThanOrEqual(2 * DEFAULT_IN_FLIGHT);
  });

  it('150 ms + 5 MB/s per connection: ramps to the top and keeps ≥ 0.9 of the best fixed setting', () => {
    const link = perConnection(5, 150);
    const run = simulate(link, SEGMENTS);
    expect(run.goodput).toBeGreaterThanOrEqual(0.9 * bestFixed(link, SEGMENTS));
  });

  it("a fresh account gets most of a short upload (the bench's 100 MB, 20 segments) on links that reward more in flight", () => {
    // Starting low, the doubling rounds took the whole file: the bench measured 0.75 × the best fixed setting.
    for (const link of [perConnection(10, 50), perConnection(5, 150)]) {
      const run = simulate(link, 20);
      expect(run.goodput).toBeGreaterThanOrEqual(0.9 * bestFixed(link, 20));
    }
  });

  it('halves on a stall; a 429 holds everything until the window resets, then the limit is what it was', () => {
    const controller = new InFlightController({ chunkBytes: CHUNK, initial: 16 });
    expect(controller.limit(0)).toBe(16);
    controller.observe({ kind: 'stall', at: 1000 });
    expect(controller.limit(1000)).toBe(8);
    controller.observe({ kind: 'rate_limited', at: 2000, resetAt: 60_000 });
    expect(controller.limit(2000)).toBe(0); // nothing left in the window: nothing starts
    expect(controller.blockedUntil(2000)).toBe(60_000);
    // A spent window says nothing about the link: the next one starts at the same limit.
    expect(controller.limit(60_000)).toBe(8);
    expect(controller.blockedUntil(60_000)).toBeNull();
    controller.observe({ kind: 'budget', at: 61_000, remaining: 2, resetAt: 120_000 });
    expect(controller.limit(61_000)).toBe(2);
    expect(controller.limit(120_000)).toBe(8);
  });

  it('backs off when the goodput collapses mid-upload (another sender took the link)', () => {
    const link = perConnection(10, 50);
    const controller = new InFlightController({ chunkBytes: CHUNK });
    simulate(link, 100, controller);
    const before = controller.limit(0);
    // The same concurrency now moves a tenth of the bytes.
    simulate((n) => link(n) / 10, 40, controller);
    expect(controller.limit(0)).toBeLessThan(before);
  });

  it('keeps to its bounds and to the memory budget (limit × chunk bytes)', () => {
    expect(new InFlightController({ chunkBytes: CHUNK, initial: 0 }).limit(0)).toBe(MIN_IN_FLIGHT);
    expect(new InFlightController({ chunkBytes: CHUNK, initial: 99 }).limit(0)).toBe(MAX_IN_FLIGHT);
    const capped = new InFlightController({ chunkBytes: CHUNK, memoryBudgetBytes: 6 * CHUNK });
    const run = simulate(perConnection(10, 50), 100, capped);
    expect(Math.max(...run.limits)).toBeLessThanOrEqual(6);
    expect(capped.limit(0) * CHUNK).toBeLessThanOrEqual(6 * CHUNK);
  });

  it('starts from the remembered value and grows from there one at a time', () => {
    const controller = new InFlightController({ chunkBytes: CHUNK, initial: 12 });
    expect(controller.limit(0)).toBe(12);
    const run = simulate(perConnection(10, 50), 26, controller);
    expect(Math.max(...run.limits)).toBeLessThanOrEqual(14);
  });

  it('never starts more APPENDs in a window than the x-rate-limit-remaining X reports, then goes on after the reset', () => {
    // A server that counts each APPEND when it arrives (at its start) and reports what is left on each answer.
    const WINDOW_MS = 900_000;
    const BUDGET = 23;
    const controller = new InFlightController({ chunkBytes: CHUNK, initial: 16 });
    let now = 0;
    let counted = 0;
    let windowEnds = WINDOW_MS;
    let startedInFirstWindow = 0;
    let startedWhileSpent = 0;
    const inFlight: { startedAt: number }[] = [];
    let done = 0;
    const segments = 60;
    let sent = 0;
    while (done < segments) {
      if (now >= windowEnds) {
        windowEnds += WINDOW_MS;
        counted = 0;
      }
      while (inFlight.length < controller.limit(now) && sent < segments) {
        if (counted >= BUDGET) startedWhileSpent++;
        counted++;
        if (now < WINDOW_MS) startedInFirstWindow++;
        inFlight.push({ startedAt: now });
        sent++;
      }
      if (inFlight.length === 0) {
        // Nothing may start: only the window's reset frees the budget.
        const until = controller.blockedUntil(now);
        expect(until).toBe(windowEnds);
        now = until as number;
        continue;
      }
      now += 500; // one APPEND's round trip, all in flight answered together
      for (const request of inFlight.splice(0)) {
        done++;
        controller.observe({ kind: 'acked', startedAt: request.startedAt, endedAt: now, bytes: CHUNK });
        controller.observe({ kind: 'budget', at: now, remaining: Math.max(0, BUDGET - counted), resetAt: windowEnds });
      }
    }
    expect(startedWhileSpent).toBe(0);
    expect(startedInFirstWindow).toBe(BUDGET); // it used the whole budget, no more
    expect(now).toBeGreaterThanOrEqual(2 * WINDOW_MS); // 60 APPENDs at 23 a window need three windows
  });

  it('halves once for the stalls of one full link (every request in flight timing out together), again for a new one', () => {
    const controller = new InFlightController({ chunkBytes: CHUNK, initial: 16 });
    // 16 APPENDs started together at 0 and none was answered within the timeout: one full link, one halving.
    for (let request = 0; request < 16; request++) controller.observe({ kind: 'stall', at: 60_000, startedAt: 0 });
    expect(controller.limit(60_000)).toBe(8);
    // A request started after the halving stalls too: the link is fuller still.
    controller.observe({ kind: 'stall', at: 125_000, startedAt: 65_000 });
    expect(controller.limit(125_000)).toBe(4);
  });

  it('does not take rounds held down by a low x-rate-limit-remaining for a worse link: after the reset it is back at 16', () => {
    const controller = new InFlightController({ chunkBytes: CHUNK, initial: 16 });
    // One round at 16 on a per-connection-capped link: 16 APPENDs of 550 ms each, all at once.
    for (let request = 0; request < 16; request++)
      controller.observe({ kind: 'acked', startedAt: 0, endedAt: 550, bytes: CHUNK });
    expect(controller.lastGood()).toBe(16);
    // X reports 4 APPENDs left in the window: only 4 go at a time, each as fast as before, for several rounds.
    let now = 560;
    for (let batch = 0; batch < 12; batch++) {
      controller.observe({ kind: 'budget', at: now, remaining: 4, resetAt: 100_000 });
      expect(controller.limit(now)).toBe(4);
      for (let request = 0; request < 4; request++)
        controller.observe({ kind: 'acked', startedAt: now, endedAt: now + 550, bytes: CHUNK });
      now += 560;
    }
    // The window reset: the link was never worse, so the limit is what it was.
    expect(controller.limit(100_000)).toBe(16);
    expect(controller.lastGood()).toBe(16);
  });

  it('keeps the smallest remaining of a window when answers arrive out of order, and takes a new window at once', () => {
    const controller = new InFlightController({ chunkBytes: CHUNK, initial: 16 });
    controller.observe({ kind: 'budget', at: 10, remaining: 3, resetAt: 1000 });
    controller.observe({ kind: 'budget', at: 11, remaining: 7, resetAt: 1000 }); // an older request's answer
    expect(controller.limit(12)).toBe(3);
    controller.observe({ kind: 'budget', at: 20, remaining: 0, resetAt: 1000 });
    expect(controller.limit(20)).toBe(0);
    controller.observe({ kind: 'budget', at: 30, remaining: 5, resetAt: 500 }); // a stale, earlier window
    expect(controller.limit(30)).toBe(0);
    controller.observe({ kind: 'budget', at: 1001, remaining: 9, resetAt: 2000 });
    expect(controller.limit(1001)).toBe(9);
  });
});
