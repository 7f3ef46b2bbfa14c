// Plain-words formatting for sizes, rates, durations and times. Pure: tested directly.

import { formatDuration } from '../../../main/common/format.ts';

// Sizes, rates and durations are shared with the CLI (one format everywhere).
export { formatBytes, formatDuration, formatRate } from '../../../main/common/format.ts';

/** "expires in 23 h 59 min" / "expired". */
export function formatExpiry(expiresAt: number, now: number): string {
  const left = (expiresAt - now) / 1000;
  return left <= 0 ? 'expired' : `expires in ${formatDuration(left)}`;
}

/** Local wall-clock time "14:05". */
export function formatClock(at: number): string {
  const date = new Date(at);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

export function formatDateTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
