import { describe, expect, it } from 'vitest';
import { backoffDelayCapped, waitUntilReachable } from '../../../main/core/engine/connectivity.ts';

describe('waitUntilReachable', () => {
  it('probes with doubling waits capped at the maximum, until the probe answers true', async () => {
    const waits: number[] = [];
    let probes = 0;
    await waitUntilReachable({
      probe: async () => ++probes === 7,
      sleep: async (ms) => {
        waits.push(ms);
      },
      initialDelayMs: 1000,
      maxDelayMs: 30_000,
    });
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(probes).toBe(7);
  });

  it('counts a probe that throws as offline', async () => {
    let probes = 0;
    await waitUntilReachable({
      probe: async () => {
        probes++;
        if (probes < 3) throw new Error('ECONNREFUSED');
        return true;
      },
      sleep: async () => undefined,
    });
    expect(probes).toBe(3);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const waiting = waitUntilReachable({
      probe: async () => {
        controller.abort();
        return false;
      },
      sleep: async () => undefined,
      signal: controller.signal,
    });
    await expect(waiting).rejects.toThrow();
  });

  it('caps the delay', () => {
    expect(backoffDelayCapped(100, 1000, 30_000)).toBe(30_000);
  });
});
