import { describe, expect, it } from 'vitest';
import { accountLabel, describeQueue } from '../../../renderer/src/lib/status-text.ts';
import { fakeAccount } from '../../fakes/contract-handlers.ts';

const idle = { online: true, workOffline: false, waitingForConnection: 0, queued: 0, active: 0, paused: [] };

describe('describeQueue', () => {
  it('says Idle when nothing waits, runs or is paused', () => {
    expect(describeQueue(idle, [], 0)).toEqual(['Idle']);
  });

  it('counts sessions waiting for a connection', () => {
    expect(describeQueue({ ...idle, online: false, waitingForConnection: 3 }, [], 0)).toEqual([
      '3 waiting for connection',
    ]);
  });

  it('says first that the disk holding the data folder is full (sending waits for room)', () => {
    const diskFull = 'The disk holding /data is full. Free some space: Xfer goes on by itself.';
    expect(describeQueue({ ...idle, queued: 1, diskFull }, [], 0)).toEqual([diskFull, '1 queued']);
  });

  it('names the paused account by its screen name, the endpoint X limited and the local time the pause ends', () => {
    const until = new Date(2026, 0, 1, 14, 5).getTime();
    const alice = fakeAccount({ id: 'a', name: 'Work', screenName: 'alice' });
    const paused = [
      { accountId: 'a', endpoint: 'append' as const, until },
      { accountId: 'a', endpoint: 'upload' as const, until },
    ];
    expect(describeQueue({ ...idle, paused }, [alice], until - 60_000)).toEqual([
      'Work (@alice): APPEND paused by rate limit until 14:05',
      'Work (@alice): one-request upload paused by rate limit until 14:05',
    ]);
  });

  it('drops pauses that have already ended', () => {
    expect(describeQueue({ ...idle, paused: [{ accountId: 'a', endpoint: 'status', until: 10 }] }, [], 20)).toEqual([
      'Idle',
    ]);
  });
});

describe('accountLabel', () => {
  it('tells accounts apart: the given name, the @handle, and a server that is not X', () => {
    const x = { kind: 'x' as const, apiBase: 'https://api.x.com' };
    expect(accountLabel(fakeAccount({ ...x, name: 'Work', screenName: 'alice' }), 'id')).toBe('Work (@alice)');
    expect(accountLabel(fakeAccount({ ...x, name: 'Home', screenName: 'alice' }), 'id')).toBe('Home (@alice)');
    expect(accountLabel(fakeAccount({ ...x, name: 'alice', screenName: 'alice' }), 'id')).toBe('alice');
    expect(
      accountLabel(fakeAccount({ kind: 'x', apiBase: 'http://127.0.0.1:8787', name: 'Test', screenName: 'bob' }), 'id'),
    ).toBe('Test (@bob) · 127.0.0.1:8787');
    expect(accountLabel(fakeAccount(), 'id')).toBe('sandbox (@xfer_demo)');
  });
});
