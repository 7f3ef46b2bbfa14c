import { describe, expect, it } from 'vitest';
import {
  MAX_ADDITIONAL_OWNERS as contractOwners,
  MAX_ALT_TEXT_CHARS as contractAltText,
} from '../../../main/core/x-api/checks.ts';
import { ALT_TEXT_MAX, OWNERS_MAX } from '../../../renderer/src/lib/limits.ts';

describe('renderer limits', () => {
  it('match the contract main enforces', () => {
    expect(ALT_TEXT_MAX).toBe(contractAltText);
    expect(OWNERS_MAX).toBe(contractOwners);
  });
});
