import { describe, expect, it } from 'vitest';
import type { ErrorKind } from '../../main/common/errors.ts';
import { EXIT, exitCodeFor } from '../../main/common/exit-codes.ts';

describe('exitCodeFor', () => {
  it.each<[ErrorKind, number]>([
    ['bad_request', EXIT.usage],
    ['not_found', EXIT.usage],
    ['environment', EXIT.environment],
    ['auth', EXIT.failed],
    ['network', EXIT.failed],
    ['file_changed', EXIT.failed],
  ])('%s → %i', (kind, code) => {
    expect(exitCodeFor(kind)).toBe(code);
  });

  it('keeps the documented numbers: 0 ok, 1 failed, 2 usage, 3 environment', () => {
    expect(EXIT).toEqual({ ok: 0, failed: 1, usage: 2, environment: 3 });
  });
});
