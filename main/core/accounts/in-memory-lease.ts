// One process alone (tests, a registry without a ledger): the refresh lease only has to exclude this process.
import type { RefreshLease } from './types.ts';

export function inMemoryLease(): RefreshLease {
  const holders = new Map<string, { holder: string; until: number }>();
  return {
    tryAcquire(accountId, holder, ttlMs) {
      const current = holders.get(accountId);
      if (current && current.holder !== holder && current.until > Date.now()) return false;
      holders.set(accountId, { holder, until: Date.now() + ttlMs });
      return true;
    },
    release(accountId, holder) {
      if (holders.get(accountId)?.holder === holder) holders.delete(accountId);
    },
  };
}
