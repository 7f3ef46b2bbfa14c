// Every request the faults may hit (the upload commands and the posts routes), in arrival order, with the fault
// it drew and when its failure was answered: what a test needs to check that a client tried each failed request
// again no later than its retry policy allows (and no request hung), from the server's side of the wire.
import type { FaultKind } from './faults.ts';

export interface LoggedRequest {
  /** "POST /2/media/upload/123/append": an APPEND's media id is in its path (v2). */
  route: string;
  /** Sandbox-clock ms when its head arrived. */
  arrivedAt: number;
  /** The fault it drew, or null. */
  fault: FaultKind | null;
  /** When the fault's answer went out (or its connection was cut); null for a request without a fault. */
  failedAt: number | null;
  /** An injected 429's x-rate-limit-reset, in ms; null otherwise. */
  resetAt: number | null;
}

export interface RequestLog {
  arrived(route: string, fault: FaultKind | null, at: number): LoggedRequest;
  entries(): LoggedRequest[];
}

export function createRequestLog(): RequestLog {
  const logged: LoggedRequest[] = [];
  return {
    arrived(route, fault, at) {
      const entry: LoggedRequest = { route, arrivedAt: at, fault, failedAt: null, resetAt: null };
      logged.push(entry);
      return entry;
    },
    entries: () => logged.map((entry) => ({ ...entry })),
  };
}
