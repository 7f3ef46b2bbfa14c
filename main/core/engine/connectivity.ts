// Waiting for the API to be reachable again: probe with capped exponential backoff (1 s → 30 s), never spin.

export interface ReconnectOptions {
  probe: () => Promise<boolean>;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/** Resolves when `probe` answers true; rejects only if `signal` aborts. A probe that throws counts as offline. */
export async function waitUntilReachable(options: ReconnectOptions): Promise<void> {
  const initial = options.initialDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 30_000;
  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted();
    await options.sleep(backoffDelayCapped(attempt, initial, max), options.signal);
    options.signal?.throwIfAborted();
    if (await options.probe().catch(() => false)) return;
  }
}

/** The wait before probe number `attempt` (0-based): initial · 2^attempt, capped. */
export function backoffDelayCapped(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}
