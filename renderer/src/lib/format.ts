// Plain-words formatting for sizes, rates, durations and times. Pure: tested directly.

import { formatDuration } from '../../../main/common/format.ts';

// Sizes, rates, durations and clock times are shared with the CLI (one format everywhere).
export { formatBytes, formatClock, formatDuration, formatRate } from '../../../main/common/format.ts';

/** "expires in 23 h 59 min" / "expired". */
export function formatExpiry(expiresAt: number, now: number): string {
  const left = (expiresAt - now) / 1000;
  return left <= 0 ? 'expired' : `expires in ${formatDuration(left)}`;
}

export function formatDateTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
