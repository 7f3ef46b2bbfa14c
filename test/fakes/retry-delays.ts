// Did the client wait no longer than its retry policy allows before trying a failed request again? Read from
// the sandbox's request log (its own clock, the server's side of the wire), not from a timer around the run.
// Each failure must be followed, on the same route, by a request that arrived by its deadline: the policy's
// backoff cap for that many failures (or an injected 429's reset), pushed out by any 429 pause of the same
// endpoint that began before it (X counts limits per endpoint, reference §2: an APPEND's 429 must not hold a
// FINALIZE), plus `slackMs` for the client to build the request and its head to arrive.
import type { LoggedRequest } from '../../main/core/sandbox/index.ts';
import type { RetryPolicy } from '../../main/core/engine/retry-policy.ts';

export interface OverlongWait {
  route: string;
  fault: string;
  failedAt: number;
  allowedMs: number;
  /** How long until the next request on the route, or null when none came. */
  waitedMs: number | null;
}

/** The cap of the full-jitter backoff after `failures` failures (retry-policy.ts: backoffDelay's upper bound). */
function backoffCap(failures: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
}

/**
 * The endpoint a logged route counts against, from its method and path (an injected fault is answered before
 * the body is read). v1.1's POST to its one URL carries INIT, APPEND or FINALIZE in the body: null, any of them.
 */
function endpointOf(route: string): string | null {
  const [method, path = ''] = route.split(' ');
  if (method === 'POST' && path === '/1.1/media/upload.json') return null;
  if (method === 'GET' && (path === '/2/media/upload' || path === '/1.1/media/upload.json')) return 'status';
  if (method === 'POST' && path === '/2/media/upload') return 'upload';
  const step = /\/(initialize|append|finalize)$/.exec(path)?.[1];
  return step ?? route;
}

function sameEndpoint(a: string, b: string): boolean {
  const [left, right] = [endpointOf(a), endpointOf(b)];
  return left === null || right === null || left === right;
}

export function overlongWaits(log: readonly LoggedRequest[], policy: RetryPolicy, slackMs: number): OverlongWait[] {
  const failures = log.filter((entry) => entry.failedAt !== null).sort((a, b) => a.failedAt! - b.failedAt!);
  const pauses = failures.filter((entry) => entry.resetAt !== null);
  const used = new Set<LoggedRequest>();
  const found: OverlongWait[] = [];
  for (const failure of failures) {
    const failedAt = failure.failedAt!;
    // How many times this route has failed so far: at least as many as this request has (an upper bound,
    // so the deadline is never tighter than the policy's).
    const failedSoFar = failures.filter((other) => other.route === failure.route && other.failedAt! <= failedAt);
    let deadline = failure.resetAt ?? failedAt + backoffCap(failedSoFar.length, policy);
    for (let moved = true; moved;) {
      moved = false;
      for (const pause of pauses) {
        if (sameEndpoint(pause.route, failure.route) && pause.failedAt! <= deadline && pause.resetAt! > deadline) {
          deadline = pause.resetAt!;
          moved = true;
        }
      }
    }
    const next = log.find(
      (entry) => entry.route === failure.route && entry.arrivedAt >= failedAt && !used.has(entry) && entry !== failure,
    );
    if (next) used.add(next);
    if (!next || next.arrivedAt > deadline + slackMs) {
      found.push({
        route: failure.route,
        fault: failure.fault ?? '',
        failedAt,
        allowedMs: deadline + slackMs - failedAt,
        waitedMs: next ? next.arrivedAt - failedAt : null,
      });
    }
  }
  return found;
}
