import { describe, expect, it } from 'vitest';
import { SessionQueue } from '../../../main/core/engine/session-queue.ts';

function queueOf(...entries: [string, string | null][]): SessionQueue {
  const queue = new SessionQueue();
  for (const [id, accountId] of entries) queue.add({ id, accountId });
  return queue;
}

describe('SessionQueue', () => {
  it('takes in order, up to the limit', () => {
    const queue = queueOf(['s1', 'a'], ['s2', 'b'], ['s3', 'c']);
    expect(queue.take(2, () => true).map((entry) => entry.id)).toEqual(['s1', 's2']);
    expect(queue.size).toBe(1);
  });

  it('skips every session of an account that cannot start, keeping their order', () => {
    const queue = queueOf(['s1', 'a'], ['s2', 'a'], ['s3', 'b']);
    expect(queue.take(5, (account) => account !== 'a').map((entry) => entry.id)).toEqual(['s3']);
    expect(queue.take(5, () => true).map((entry) => entry.id)).toEqual(['s1', 's2']);
  });

  it('holds a session once, and puts a returning one first', () => {
    const queue = queueOf(['s1', 'a'], ['s2', 'a']);
    queue.add({ id: 's1', accountId: 'a' });
    queue.add({ id: 's0', accountId: 'a' }, true);
    expect(queue.take(5, () => true).map((entry) => entry.id)).toEqual(['s0', 's1', 's2']);
  });

  it('removes a session by id', () => {
    const queue = queueOf(['s1', 'a'], ['s2', 'a']);
    expect(queue.remove('s1')).toBe(true);
    expect(queue.remove('s1')).toBe(false);
    expect(queue.has('s2')).toBe(true);
    expect(queue.take(5, () => true).map((entry) => entry.id)).toEqual(['s2']);
  });
});
