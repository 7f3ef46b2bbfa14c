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
    pauses.pause('a', 'append', 5000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(background).toEqual([bug]);
  });
});

describe('AccountPauses', () => {
  it('pauses one endpoint of one account until the given time, then lets it go and says so', async () => {
    const { pauses, advance, changes } = setup();
    pauses.pause('a', 'append', 5000);
    expect(pauses.pausedUntil('a', 'append')).toBe(5000);
    expect(pauses.pausedUntil('b', 'append')).toBeNull();
    expect(pauses.list()).toEqual([{ accountId: 'a', endpoint: 'append', until: 5000 }]);
    expect(changes()).toBe(1);

    await advance(2000);
    expect(pauses.pausedUntil('a', 'append')).toBe(5000);
    await advance(2000);
    expect(pauses.pausedUntil('a', 'append')).toBeNull();
    expect(pauses.list()).toEqual([]);
    expect(changes()).toBe(2);
  });

  it("leaves the account's other endpoints alone: X counts each on its own (reference §2, §6)", async () => {
    const { pauses, advance } = setup();
    pauses.pause('a', 'append', 5000);
    for (const endpoint of ['initialize', 'finalize', 'status', 'upload', 'metadata'] as const)
      expect(pauses.pausedUntil('a', endpoint)).toBeNull();
    pauses.pause('a', 'finalize', 3000);
    expect(pauses.list()).toEqual([
      { accountId: 'a', endpoint: 'append', until: 5000 },
      { accountId: 'a', endpoint: 'finalize', until: 3000 },
    ]);
    await advance(2500);
    expect(pauses.pausedUntil('a', 'finalize')).toBeNull();
    expect(pauses.pausedUntil('a', 'append')).toBe(5000);
  });

  it('extends a pause but never shortens it', async () => {
    const { pauses, advance } = setup();
    pauses.pause('a', 'append', 5000);
    pauses.pause('a', 'append', 3000);
    expect(pauses.pausedUntil('a', 'append')).toBe(5000);
    pauses.pause('a', 'append', 9000);
    await advance(5000);
    expect(pauses.pausedUntil('a', 'append')).toBe(9000);
  });
});
