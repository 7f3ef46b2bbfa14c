// The engine's connectivity probe: a cheap request to the api base of the accounts it has been
// sending for. Any HTTP answer (even 404 or 401) means the API is reachable; only a network
// failure or a timeout means offline. The engine calls it with backoff (1 s → 30 s).
export interface ProbeOptions {
  /** The origins to try; reachable when any of them answers. */
  bases: () => readonly string[];
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export function createProbe(options: ProbeOptions): () => Promise<boolean> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 5000;
  return async () => {
    const bases = options.bases();
    if (bases.length === 0) return true;
    const answers = await Promise.all(
      bases.map(async (base) => {
        try {
          const response = await doFetch(base, {
            method: 'HEAD',
            signal: AbortSignal.timeout(timeoutMs),
            redirect: 'manual',
          });
          await response.body?.cancel();
          return true;
        } catch {
          return false;
        }
      }),
    );
    return answers.includes(true);
  };
}
