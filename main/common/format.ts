// One way to write sizes, durations and numbers in plain words: findings, the CLI and the window
// all show "6.46 MB", "2 min 20 s", "1,000". Binary units, as X counts them (x-media-upload.md §3:
// "MB here means 1,048,576 bytes").

const UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

/** "900 bytes", "312 KB", "6.46 MB", "15.5 MB", "512 MB", "1 GB": three significant digits at most. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const decimals = value < 10 ? 2 : value < 100 ? 1 : 0;
  return `${Number(value.toFixed(decimals))} ${UNITS[unit]}`;
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** "0.5 s", "22.4 s", "2 min 20 s", "10 min", "2 h 04 min": tenths only below a minute, a zero tail left out. */
export function formatDuration(totalSeconds: number): string {
  const clamped = Number.isFinite(totalSeconds) ? Math.max(0, totalSeconds) : 0;
  if (clamped < 60 && !Number.isInteger(clamped)) return `${Math.round(clamped * 10) / 10} s`;
  const seconds = Math.round(clamped);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return withTail(`${minutes} min`, seconds % 60, 's');
  return withTail(`${Math.floor(minutes / 60)} h`, minutes % 60, 'min');
}

function withTail(head: string, tail: number, unit: string): string {
  return tail === 0 ? head : `${head} ${String(tail).padStart(2, '0')} ${unit}`;
}

/** Local wall-clock time, "14:05" (or "14:05:09" with seconds): when a wait ends, when a request went. */
export function formatClock(at: number, { seconds = false }: { seconds?: boolean } = {}): string {
  const date = new Date(at);
  const parts = [date.getHours(), date.getMinutes(), ...(seconds ? [date.getSeconds()] : [])];
  return parts.map((part) => String(part).padStart(2, '0')).join(':');
}

/**
 * "1,000", "29.97": grouped, two decimals at most (as en-US toLocaleString writes it). By hand, because a
 * process's first toLocaleString loads ICU's number formats: 13.7–15.4 ms in 3 fresh Node 24 processes, a tenth
 * of a whole `xfer upload` of one image, spent on printing "1 of 1 file uploaded".
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21) return String(value);
  const [whole = '0', fraction = ''] = Math.abs(value).toFixed(2).split('.');
  const decimals = fraction.replace(/0+$/, '');
  const sign = value < 0 && (whole !== '0' || decimals !== '') ? '-' : '';
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${decimals ? `.${decimals}` : ''}`;
}
