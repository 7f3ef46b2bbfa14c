import { describe, expect, it } from 'vitest';
import { formatExpiry } from '../../../renderer/src/lib/format.ts';

describe('format', () => {
  it('counts down to a media id expiry and then says expired', () => {
    expect(formatExpiry(1_000 + 90_000, 1_000)).toBe('expires in 1 min 30 s');
    expect(formatExpiry(1_000, 2_000)).toBe('expired');
  });
});
