import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatNumber, formatRate } from '../../main/common/format.ts';

describe('formatBytes', () => {
  it('writes binary units with at most three significant digits, trailing zeros left out', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1_048_576)).toBe('5 MB');
    expect(formatBytes(6.46 * 1_048_576)).toBe('6.46 MB');
    expect(formatBytes(15.5 * 1_048_576)).toBe('15.5 MB');
    expect(formatBytes(512 * 1_048_576)).toBe('512 MB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5 GB');
  });

  it('writes a dash for what is not a size', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });

  it('writes a rate as a size per second', () => {
    expect(formatRate(512 * 1024)).toBe('512 KB/s');
  });
});

describe('formatDuration', () => {
  it('writes seconds, minutes and hours, leaving out a zero tail', () => {
    expect(formatDuration(0.5)).toBe('0.5 s');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(140)).toBe('2 min 20 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(600)).toBe('10 min');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(7440)).toBe('2 h 04 min');
  });

  it('keeps tenths below a minute, rounds to whole seconds above, and never goes below zero', () => {
    expect(formatDuration(22.4)).toBe('22.4 s');
    expect(formatDuration(162.4)).toBe('2 min 42 s');
    expect(formatDuration(-3)).toBe('0 s');
  });
});

describe('formatNumber', () => {
  it('groups thousands and keeps two decimals at most', () => {
    expect(formatNumber(1000)).toBe('1,000');
    expect(formatNumber(29.97003)).toBe('29.97');
  });

  it('writes what en-US toLocaleString writes, for counts, sizes, rates and negatives', () => {
    const values = [0, 1, 7, 12, 999, 1000, 1001, 12_345, 999_999, 1_000_000, 1_234_567_890, 2 ** 53 - 1];
    values.push(0.5, 0.25, 1.5, 29.97, 1023.99, 1_048_576.1, -1, -1234.5, 0.004, 99.999, 12_345.6789);
    // A spread of ordinary figures: whole and with decimals, over nine orders of magnitude.
    for (let exponent = 0; exponent < 9; exponent += 1)
      for (const mantissa of [1.07, 2.5, 3.333, 4.2, 6.02, 9.87]) values.push(mantissa * 10 ** exponent);
    for (const value of values) {
      expect(formatNumber(value), String(value)).toBe(value.toLocaleString('en-US', { maximumFractionDigits: 2 }));
    }
    // One deliberate difference: what rounds to nothing is "0", not ICU's "-0".
    expect(formatNumber(-0.001)).toBe('0');
  });
});
