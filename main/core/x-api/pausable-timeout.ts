// A request's timeout that stops counting while the request waits for the bandwidth cap: under a low cap an
// APPEND may wait longer than the timeout for its turn, and that wait says nothing about X's health.
import type { BytePacer } from './types.ts';

export interface PausableTimeout {
  /** Aborts with a TimeoutError once the time not spent pacing reaches the timeout. */
  signal: AbortSignal;
  /** The pacer, with its waits left out of the count. */
  paced(pacer: BytePacer): BytePacer;
  clear(): void;
}

export function pausableTimeout(ms: number, now: () => number = Date.now): PausableTimeout {
  const controller = new AbortController();
  let remaining = ms;
  let startedAt = now();
  let timer: NodeJS.Timeout | null = null;
  const arm = (): void => {
    startedAt = now();
    timer = setTimeout(
      () => controller.abort(new DOMException('The request timed out', 'TimeoutError')),
      Math.max(0, remaining),
    );
    timer.unref?.();
  };
  const disarm = (): void => {
    if (timer === null) return;
    clearTimeout(timer);
    timer = null;
    remaining -= now() - startedAt;
  };
  arm();
  return {
    signal: controller.signal,
    paced: (pacer) => ({
      capped: () => pacer.capped?.() ?? true,
      async take(bytes, signal) {
        disarm();
        try {
          await pacer.take(bytes, signal);
        } finally {
          if (!controller.signal.aborted) arm();
        }
      },
    }),
    clear: disarm,
  };
}
