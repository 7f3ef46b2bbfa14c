// The per-user budget read from X's answers: x-rate-limit-remaining and x-rate-limit-reset, when both are there.
import { describe, expect, it } from 'vitest';
import { rateBudgetOf } from '../../../main/core/x-api/rate-budget.ts';

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });

describe('rate budget from X’s headers', () => {
  it('reads the requests left and the reset (unix seconds → ms)', () => {
    expect(rateBudgetOf(headers({ 'x-rate-limit-remaining': '17', 'x-rate-limit-reset': '1764633600' }))).toEqual({
      remaining: 17,
      resetAt: 1_764_633_600_000,
    });
  });

  it('says nothing when a header is missing or not a whole number', () => {
    expect(rateBudgetOf(headers({ 'x-rate-limit-remaining': '17' }))).toBeNull();
    expect(rateBudgetOf(headers({ 'x-rate-limit-reset': '1764633600' }))).toBeNull();
    expect(rateBudgetOf(headers({ 'x-rate-limit-remaining': 'many', 'x-rate-limit-reset': '1764633600' }))).toBeNull();
    expect(rateBudgetOf(headers({ 'x-rate-limit-remaining': '-1', 'x-rate-limit-reset': '1764633600' }))).toBeNull();
    expect(rateBudgetOf(headers({ 'x-rate-limit-remaining': '3', 'x-rate-limit-reset': '0' }))).toBeNull();
  });
});
