import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatExpiry, formatPercent } from '../../../renderer/src/lib/format.ts';

describe('format', () => {
  it('shows bytes in binary units with digits that keep widths steady', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(5 * 1_048_576)).toBe('5.00 MB');
    expect(formatBytes(15.5 * 1_048_576)).toBe('15.5 MB');
  });

  it('shows durations in seconds, minutes and hours', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(7440)).toBe('2 h 04 min');
  });

  it('counts down to a media id expiry and then says expired', () => {
    expect(formatExpiry(1_000 + 90_000, 1_000)).toBe('expires in 1 min 30 s');
    expect(formatExpiry(1_000, 2_000)).toBe('expired');
  });

  it('clamps percentages to 0..100', () => {
    expect(formatPercent(1.2)).toBe('100%');
    expect(formatPercent(-1)).toBe('0%');
  });
});
