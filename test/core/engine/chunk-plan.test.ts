import { describe, expect, it } from 'vitest';
import { isXferFailure } from '../../../main/common/errors.ts';
import { MAX_PLANNED_BYTES, MIB, planChunks, segmentRange } from '../../../main/core/engine/chunk-plan.ts';

function refusal(totalBytes: number, api: 'v2' | 'v1.1' = 'v2') {
  try {
    planChunks(totalBytes, api);
  } catch (thrown) {
    if (isXferFailure(thrown)) return thrown.error;
    throw thrown;
  }
  return null;
}

describe('planChunks', () => {
  it('sends a small file in one 5 MiB-sized segment', () => {
    expect(planChunks(1000)).toEqual({ chunkSize: 5 * MIB, segmentsTotal: 1 });
  });

  it('uses 5 MiB chunks while they fit in 1,000 segments', () => {
    expect(planChunks(50 * MIB + 1)).toEqual({ chunkSize: 5 * MIB, segmentsTotal: 11 });
    expect(planChunks(1000 * 5 * MIB)).toEqual({ chunkSize: 5 * MIB, segmentsTotal: 1000 });
  });

  it('above 1,000 × 5 MiB, takes the smallest chunk that fits in 1,000 segments', () => {
    const total = 1000 * 5 * MIB + 1;
    const plan = planChunks(total);
    expect(plan.segmentsTotal).toBe(1000);
    expect(plan.chunkSize).toBe(Math.ceil(total / 1000));
    expect(planChunks(plan.chunkSize * 1000 - 1).chunkSize).toBeLessThanOrEqual(plan.chunkSize);
  });

  it('accepts exactly 1,000 × 8 MiB', () => {
    expect(planChunks(MAX_PLANNED_BYTES)).toEqual({ chunkSize: 8 * MIB, segmentsTotal: 1000 });
  });

  it('refuses a file that needs more than 1,000 segments of 8 MiB, with a validation error that says why', () => {
    const error = refusal(MAX_PLANNED_BYTES + 1);
    expect(error?.kind).toBe('validation');
    expect(error?.retryable).toBe(false);
    expect(error?.message).toMatch(/1000 segments/);
  });

  it('on v1.1, never plans segments above 5 MiB', () => {
    expect(planChunks(1000 * 5 * MIB, 'v1.1')).toEqual({ chunkSize: 5 * MIB, segmentsTotal: 1000 });
    expect(refusal(1000 * 5 * MIB + 1, 'v1.1')?.message).toMatch(
      /v1\.1 API takes at most 1000 segments of at most 5 MiB/,
    );
  });

  it('refuses an empty file', () => {
    expect(refusal(0)?.kind).toBe('validation');
  });
});

describe('segmentRange', () => {
  it('covers the file exactly, the last segment holding the rest', () => {
    const total = 12 * MIB + 7;
    const plan = planChunks(total);
    const ranges = Array.from({ length: plan.segmentsTotal }, (_, index) => segmentRange(plan, total, index));
    expect(ranges).toEqual([
      { start: 0, length: 5 * MIB },
      { start: 5 * MIB, length: 5 * MIB },
      { start: 10 * MIB, length: 2 * MIB + 7 },
    ]);
  });

  it('refuses an index outside the plan', () => {
    expect(() => segmentRange({ chunkSize: 10, segmentsTotal: 2 }, 15, 2)).toThrow(RangeError);
  });
});
