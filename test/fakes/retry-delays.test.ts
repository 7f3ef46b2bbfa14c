import { describe, expect, it } from 'vitest';
import type { LoggedRequest } from '../../main/core/sandbox/index.ts';
import { overlongWaits } from './retry-delays.ts';

const policy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 };
const request = (route: string, arrivedAt: number, failedAt: number | null = null, resetAt: number | null = null) =>
  ({ route, arrivedAt, fault: failedAt === null ? null : resetAt ? '429' : '503', failedAt, resetAt }) as LoggedRequest;

describe('overlongWaits (the sandbox log against the retry policy)', () => {
  const INIT = 'POST /2/media/upload/initialize';
  const appendTo = (id: string) => `POST /2/media/upload/${id}/append`;
  const FINALIZE = 'POST /2/media/upload/9/finalize';

  it("accepts retries within the backoff cap, a 429 reset, and the pause of that 429's endpoint", () => {
    const log = [
      request(INIT, 0, 10),
      request(INIT, 400),
      request(appendTo('1'), 1000, 1010, 1500),
      request(appendTo('2'), 1100, 1110),
      request(appendTo('1'), 1500),
      request(appendTo('2'), 1520), // waited for the 429's pause past its own 500 ms cap
    ];
    expect(overlongWaits(log, policy, 0)).toEqual([]);
  });

  it("flags a request of another endpoint held by a 429's pause: X counts each endpoint on its own", () => {
    const log = [
      request(appendTo('1'), 1000, 1010, 5000),
      request(FINALIZE, 1100, 1110),
      request(appendTo('1'), 5000),
      request(FINALIZE, 5010), // held for APPEND's window: its own cap was 500 ms
    ];
    expect(overlongWaits(log, policy, 0)).toEqual([
      { route: FINALIZE, fault: '503', failedAt: 1110, allowedMs: 500, waitedMs: 3900 },
    ]);
  });

  it("lets v1.1's one URL wait for any 429 of it: INIT, APPEND and FINALIZE are told apart only by the body", () => {
    const v1 = 'POST /1.1/media/upload.json';
    const log = [request(v1, 1000, 1010, 5000), request(v1, 1100, 1110), request(v1, 5000), request(v1, 5010)];
    expect(overlongWaits(log, policy, 0)).toEqual([]);
  });

  it('flags a retry that came later than its delay, and a failure never tried again', () => {
    const log = [request('INIT', 0, 10), request('INIT', 2000), request('APPEND a', 3000, 3010)];
    expect(overlongWaits(log, policy, 100)).toEqual([
      { route: 'INIT', fault: '503', failedAt: 10, allowedMs: 600, waitedMs: 1990 },
      { route: 'APPEND a', fault: '503', failedAt: 3010, allowedMs: 600, waitedMs: null },
    ]);
  });

  it('allows the longer cap of a route that failed several times', () => {
    const log = [request('F', 0, 1), request('F', 400, 401), request('F', 1300)];
    expect(overlongWaits(log, policy, 0)).toEqual([]);
  });
});
