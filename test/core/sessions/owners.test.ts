import { describe, expect, it } from 'vitest';
import { resolveOwners } from '../../../main/core/sessions/owners.ts';
import { testAccount } from '../../fakes/session-builder.ts';

const alice = testAccount('acc_a', { name: 'alice', userId: '1880000000000000001' });
const unverified = testAccount('acc_b', { name: 'bob', userId: null });

describe('additional owners', () => {
  it('take X user ids as they are and own accounts (by name or id) as their user ids, once each', () => {
    expect(resolveOwners(['42', 'alice', 'acc_a', '42'], [alice])).toEqual(['42', '1880000000000000001']);
  });

  it('refuse a name that is no account, an account with no known user id, and more than 100', () => {
    expect(() => resolveOwners(['carol'], [alice])).toThrow(/"carol" is neither/);
    expect(() => resolveOwners(['bob'], [unverified])).toThrow(/verify that account first/);
    expect(() =>
      resolveOwners(
        Array.from({ length: 101 }, (_, index) => String(index + 1)),
        [],
      ),
    ).toThrow(/At most 100/);
  });
});
