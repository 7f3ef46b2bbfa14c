// Small numeric helpers. Medians, not means: on a noisy 2-core machine one slow round must not move the figure.

export const MIB = 1_048_576;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** MB/s with MB = 1,048,576 bytes, the reference's convention. */
export function mbPerSecond(bytes: number, seconds: number): number {
  return bytes / MIB / seconds;
}

export function ratio(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return numerator / denominator;
}

export function formatNumber(value: number | null, digits = 1): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return value.toFixed(digits);
}
