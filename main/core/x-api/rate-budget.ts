// The per-user request budget X reports on its answers (reference §2): `x-rate-limit-remaining` requests
// left in the window that ends at `x-rate-limit-reset` (unix seconds). X sends them on most answers, not all:
// an answer without both (or with a value that is not a whole number) says nothing.
import type { HeaderLookup } from './header-lookup.ts';

export interface RateBudget {
  /** Requests this user may still make to the endpoint in the current window. */
  remaining: number;
  /** When the window resets, ms since epoch. */
  resetAt: number;
}

export function rateBudgetOf(headers: HeaderLookup): RateBudget | null {
  const remainingText = headers.get('x-rate-limit-remaining');
  const resetText = headers.get('x-rate-limit-reset');
  if (remainingText === null || resetText === null) return null;
  const remaining = Number(remainingText.trim());
  const reset = Number(resetText.trim());
  if (!Number.isSafeInteger(remaining) || remaining < 0 || !Number.isSafeInteger(reset) || reset <= 0) return null;
  return { remaining, resetAt: reset * 1000 };
}
