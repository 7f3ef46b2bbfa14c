import { describe, expect, it } from 'vitest';
import { AccountPauses } from '../../../main/core/engine/account-pauses.ts';

function setup(sleepError?: Error) {
  let time = 1000;
  const wakers: (() => void)[] = [];
  let changes = 0;
  const background: unknown[] = [];
  const pauses = new AccountPauses({
    now: () => time,
    // A sleep that ends when the test moves the clock (or fails with `sleepError`, as a bug would).
    sleep: () => (sleepError ? Promise.reject(sleepError) : new Promise<void>((resolve) => wakers.push(resolve))),
    signal: new AbortController().signal,
    onChange: () => changes++,
    onBackgroundError: (error) => background.push(error),
  });
  const advance = async (ms: number) => {
    time += ms;
    for (const wake of wakers.splice(0)) wake();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { pauses, advance, changes: () => changes, background };
}

describe('a pause whose timer fails', () => {
  it('hands the error on instead of swallowing it (only the abort on close is for the caller to ignore)', async () => {
    const bug = new TypeError('sleep broke');
    const { pauses, background } = setup(bug);
    pauses.pause('a', 5000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(background).toEqual([bug]);
  });
});

describe('AccountPauses', () => {
  it('pauses one account until the given time, then lets it go and says so', async () => {
    const { pauses, advance, changes } = setup();
    pauses.pause('a', 5000);
    expect(pauses.pausedUntil('a')).toBe(5000);
    expect(pauses.pausedUntil('b')).toBeNull();
    expect(pauses.list()).toEqual([{ accountId: 'a', until: 5000 }]);
    expect(changes()).toBe(1);

    await advance(2000);
    expect(pauses.pausedUntil('a')).toBe(5000);
    await advance(2000);
    expect(pauses.pausedUntil('a')).toBeNull();
    expect(pauses.list()).toEqual([]);
    expect(changes()).toBe(2);
  });

  it('extends a pause but never shortens it', async () => {
    const { pauses, advance } = setup();
    pauses.pause('a', 5000);
    pauses.pause('a', 3000);
    expect(pauses.pausedUntil('a')).toBe(5000);
    pauses.pause('a', 9000);
    await advance(5000);
    expect(pauses.pausedUntil('a')).toBe(9000);
  });
});
