import { describe, expect, it } from 'vitest';
import { ALT_TEXT_MAX as contractAltText, OWNERS_MAX as contractOwners } from '../../../main/ipc/contract.ts';
import { ALT_TEXT_MAX, OWNERS_MAX } from '../../../renderer/src/lib/limits.ts';

describe('renderer limits', () => {
  it('match the contract main enforces', () => {
    expect(ALT_TEXT_MAX).toBe(contractAltText);
    expect(OWNERS_MAX).toBe(contractOwners);
  });
});
