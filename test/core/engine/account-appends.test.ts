// One account's APPEND permits: the in-flight controller's limit, shared fairly between the account's uploads.
import { describe, expect, it } from 'vitest';
import { AccountAppends } from '../../../main/core/engine/account-appends.ts';

const MIB = 1_048_576;
const never = new AbortController().signal;

function appends(initial: number) {
  let clock = 0;
  const account = new AccountAppends({ initial, chunkBytes: 5 * MIB, now: () => clock });
  return { account, tick: (ms: number) => (clock += ms) };
}

describe('account APPEND permits', () => {
  it('never grants more than the limit, over all uploads', async () => {
    const { account } = appends(4);
    const granted: (() => void)[] = [];
    for (let i = 0; i < 10; i++)
      void account.acquire(i % 2 ? 'a' : 'b', never).then((release) => granted.push(release));
    await Promise.resolve();
    await Promise.resolve();
    expect(account.inFlight).toBe(4);
    expect(granted).toHaveLength(4);
  });

  it('shares the limit fairly: a second file gets permits as the first one frees them', async () => {
    const { account } = appends(4);
    const held: { first: (() => void)[]; second: (() => void)[] } = { first: [], second: [] };
    const want = (upload: 'first' | 'second', count: number) => {
      for (let i = 0; i < count; i++) void account.acquire(upload, never).then((release) => held[upload].push(release));
    };
    want('first', 8); // the first file alone takes all four
    await new Promise((resolve) => setImmediate(resolve));
    expect(held.first).toHaveLength(4);
    want('second', 8); // the second arrives while the first still has four more waiting
    // Each permit the first file frees goes to the file holding fewer, until they hold the same.
    held.first.shift()?.();
    held.first.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(held.first).toHaveLength(2);
    expect(held.second).toHaveLength(2);
    held.second.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(held.second).toHaveLength(2); // it went back to the second, the one holding fewer
    expect(account.inFlight).toBe(4);
  });

  it('a retry gets the next permit before segments not yet tried, among uploads holding as many', async () => {
    const { account } = appends(1);
    const order: string[] = [];
    const first = await account.acquire('a', never);
    for (const name of ['new 1', 'new 2'])
      void account.acquire('a', never).then((release) => (order.push(name), release()));
    void account.acquire('a', never, { retry: true }).then((release) => (order.push('retry'), release()));
    first();
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['retry', 'new 1', 'new 2']);
  });

  it('a 429 grants nothing until the window resets, then the limit it had; an abort leaves the queue', async () => {
    let clock = 0;
    const wakes: (() => void)[] = [];
    const account = new AccountAppends({
      initial: 4,
      chunkBytes: 5 * MIB,
      now: () => clock,
      sleep: () => new Promise<void>((wake) => wakes.push(wake)),
    });
    account.observe({ kind: 'rate_limited', at: 0, resetAt: 60_000 });
    const releases: (() => void)[] = [];
    for (let i = 0; i < 3; i++) void account.acquire('a', never).then((release) => releases.push(release));
    await new Promise((resolve) => setImmediate(resolve));
    expect(releases).toHaveLength(0); // X said none are left: nothing starts, a retry of the 429'd one neither
    const stop = new AbortController();
    const aborted = account.acquire('b', stop.signal);
    stop.abort(new Error('cancelled'));
    await expect(aborted).rejects.toThrow('cancelled');
    clock = 60_000;
    for (const wake of wakes.splice(0)) wake();
    await new Promise((resolve) => setImmediate(resolve));
    expect(releases).toHaveLength(3); // the window is over: the four permits are back
    expect(account.inFlight).toBe(3);
  });

  it('two accounts never share: each has its own limit', async () => {
    const alice = appends(2).account;
    const bob = appends(2).account;
    alice.observe({ kind: 'stall', at: 0 });
    expect(alice.controller.limit(0)).toBe(1);
    expect(bob.controller.limit(0)).toBe(2);
  });

  it('grants nothing while X says the budget is spent, and grants again when the window resets', async () => {
    let clock = 0;
    const sleeps: { ms: number; wake: () => void }[] = [];
    const account = new AccountAppends({
      initial: 4,
      chunkBytes: 5 * MIB,
      now: () => clock,
      sleep: (ms) => new Promise<void>((wake) => sleeps.push({ ms, wake })),
    });
    account.observe({ kind: 'budget', at: 0, remaining: 0, resetAt: 60_000 });
    const granted: (() => void)[] = [];
    for (let i = 0; i < 3; i++) void account.acquire('a', never).then((release) => granted.push(release));
    await new Promise((resolve) => setImmediate(resolve));
    expect(granted).toHaveLength(0);
    expect(sleeps.map((sleep) => sleep.ms)).toEqual([60_000]); // one wake-up, at X's reset
    clock = 60_000;
    sleeps[0]?.wake();
    await new Promise((resolve) => setImmediate(resolve));
    expect(granted).toHaveLength(3);
  });
});
