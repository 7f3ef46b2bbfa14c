// The bandwidth cap's words, as rclone's --bwlimit reads them: binary units, KiB/s when none is given.
import { describe, expect, it } from 'vitest';
import { formatBandwidthLimit, parseBandwidthLimit } from '../../main/common/bandwidth.ts';

const MiB = 1024 * 1024;

describe('parseBandwidthLimit', () => {
  it.each([
    ['10M', 10 * MiB],
    ['10m', 10 * MiB],
    ['10MiB', 10 * MiB],
    ['10MB/s', 10 * MiB],
    ['1.5M', 1.5 * MiB],
    ['512K', 512 * 1024],
    ['512', 512 * 1024],
    ['1G', 1024 * MiB],
    ['65536B', 65536],
    ['off', null],
    ['0', null],
  ])('reads %s', (text, bytes) => {
    expect(parseBandwidthLimit(text)).toEqual({ ok: true, value: bytes });
  });

  it.each([
    ['fast', /not a bandwidth limit/],
    ['10X', /not a bandwidth limit/],
    ['-1M', /not a bandwidth limit/],
    ['', /is needed/],
    ['10M:100K', /no timetable or up:down pair/],
    ['08:00,512K', /no timetable/],
    ['10K', /below the smallest limit, 64K/],
  ])('refuses %s saying why', (text, why) => {
    const parsed = parseBandwidthLimit(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.kind).toBe('bad_request');
      expect(parsed.error.message).toMatch(why);
    }
  });

  it('writes a limit back as the shortest exact spec it reads', () => {
    for (const limit of [null, 10 * MiB, 1.5 * MiB, 65536, 100_000, 1024 * MiB]) {
      const text = formatBandwidthLimit(limit);
      expect(parseBandwidthLimit(text)).toEqual({ ok: true, value: limit });
    }
    expect(formatBandwidthLimit(10 * MiB)).toBe('10M');
    expect(formatBandwidthLimit(1.5 * MiB)).toBe('1536K');
  });
});
