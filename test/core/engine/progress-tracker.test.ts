import { describe, expect, it } from 'vitest';
import { ProgressTracker } from '../../../main/core/engine/progress-tracker.ts';

function clock(start = 0) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('ProgressTracker', () => {
  it('measures the rate over its window', () => {
    const time = clock();
    const tracker = new ProgressTracker({ now: time.now, windowMs: 5000 });
    tracker.record(0);
    time.advance(1000);
    tracker.record(1000);
    time.advance(1000);
    tracker.record(2000);
    expect(tracker.rate()).toBe(1000);
  });

  it('forgets samples older than the window', () => {
    const time = clock();
    const tracker = new ProgressTracker({ now: time.now, windowMs: 2000 });
    tracker.record(0);
    time.advance(10_000);
    tracker.record(100); // a slow start…
    time.advance(1000);
    tracker.record(5100); // …then 5,000 B/s
    time.advance(1000);
    tracker.record(10_100);
    expect(tracker.rate()).toBe(5000);
  });

  it('estimates the time left from the rate', () => {
    const time = clock();
    const tracker = new ProgressTracker({ now: time.now });
    tracker.record(0);
    time.advance(2000);
    tracker.record(2000);
    expect(tracker.eta(10_000)).toBe(8);
  });

  it('has no rate or ETA before time has passed', () => {
    const tracker = new ProgressTracker({ now: () => 5 });
    tracker.record(100);
    expect(tracker.rate()).toBe(0);
    expect(tracker.eta(1000)).toBeNull();
  });

  it('lets at most 4 events a second through, plus forced ones', () => {
    const time = clock();
    const tracker = new ProgressTracker({ now: time.now });
    let emitted = 0;
    for (let step = 0; step < 100; step++) {
      if (tracker.shouldEmit()) emitted++;
      time.advance(10); // 100 updates over one second
    }
    expect(emitted).toBe(4);
    expect(tracker.shouldEmit(true)).toBe(true);
  });

  it('says when an event is due without restarting the throttle', () => {
    const time = clock();
    const tracker = new ProgressTracker({ now: time.now });
    expect(tracker.due()).toBe(true);
    expect(tracker.shouldEmit()).toBe(true);
    time.advance(100);
    expect(tracker.due()).toBe(false);
    time.advance(150);
    expect(tracker.due()).toBe(true);
    expect(tracker.due()).toBe(true);
  });

  it('never reports a negative rate when sent bytes step back (a segment in flight failed)', () => {
    const time = clock();
    const tracker = new ProgressTracker({ now: time.now });
    tracker.record(4_000_000);
    time.advance(1000);
    tracker.record(1_000_000);
    expect(tracker.rate()).toBe(0);
    expect(tracker.eta(10_000_000)).toBeNull();
  });
});

describe('ProgressTracker around a wait', () => {
  it('leaves a wait (rate limit, backoff, offline) out of the rate once bytes flow again', () => {
    const time = clock();
    const tracker = new ProgressTracker({ now: time.now, windowMs: 5000 });
    tracker.record(0);
    time.advance(1000);
    tracker.record(1_000_000); // 1 MB/s…
    tracker.restart(); // …then X's rate limit holds the account for a minute
    time.advance(60_000);
    tracker.record(1_000_000);
    time.advance(1000);
    tracker.record(2_000_000);
    expect(tracker.rate()).toBe(1_000_000);
    expect(tracker.eta(3_000_000)).toBe(1);
  });
});
