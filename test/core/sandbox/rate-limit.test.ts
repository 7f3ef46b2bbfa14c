import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, WINDOW_MS, type Sandbox } from '../../../main/core/sandbox/index.ts';
import { createRateLimiter } from '../../../main/core/sandbox/rate-limit.ts';
import { makePng } from './media-bytes.ts';
import { call } from './signed-client.ts';

describe('sandbox rate limits', () => {
  let sandbox: Sandbox;
  let clock = Date.now();
  beforeAll(async () => {
    sandbox = await startSandbox({ now: () => clock, rateLimits: { initialize: 2 } });
  });
  afterAll(() => sandbox.close());

  const init = (user = 0) =>
    call(sandbox, {
      path: '/2/media/upload/initialize',
      user,
      timestamp: Math.floor(clock / 1000),
      json: { media_type: 'image/png', total_bytes: 10 },
    });

  it('sends x-rate-limit headers on every authenticated response and 429 code 88 past the limit', async () => {
    const first = await init();
    expect(first.headers.get('x-rate-limit-limit')).toBe('2');
    expect(first.headers.get('x-rate-limit-remaining')).toBe('1');
    const reset = Number(first.headers.get('x-rate-limit-reset'));
    expect(reset).toBe(Math.ceil((clock + WINDOW_MS) / 1000));
    const second = await init();
    expect(second.headers.get('x-rate-limit-remaining')).toBe('0');
    const third = await init();
    expect(third.status).toBe(429);
    expect(third.body.errors[0]).toEqual({ code: 88, message: 'Rate limit exceeded' });
    expect(third.headers.get('x-rate-limit-reset')).toBe(String(reset));
    expect(sandbox.violations().map((v) => v.reason)).toContain('rate limit exceeded on initialize');
  });

  it('counts per user: another user still has its whole budget', async () => {
    // Its own sandbox, so the test does not lean on the one before it having spent user 0's budget.
    const own = await startSandbox({ now: () => clock, rateLimits: { initialize: 2 } });
    try {
      const initAt = (user: number) =>
        call(own, {
          path: '/2/media/upload/initialize',
          user,
          timestamp: Math.floor(clock / 1000),
          json: { media_type: 'image/png', total_bytes: 10 },
        });
      await initAt(0);
      await initAt(0);
      expect((await initAt(0)).status).toBe(429);
      const other = await initAt(1);
      expect(other.status).toBe(200);
      // A global window would have nothing left, or at best what user 0 left.
      expect(other.headers.get('x-rate-limit-remaining')).toBe('1');
    } finally {
      await own.close();
    }
  });

  it('counts per endpoint: a spent INIT window leaves APPEND, FINALIZE, STATUS and the one-shot their own', async () => {
    // X publishes a limit for each endpoint (reference §2, §6), on v1.1's one URL too (told apart by `command`).
    const own = await startSandbox({ now: () => clock, processingMs: 0, rateLimits: { initialize: 1 } });
    try {
      const signed = (options: Parameters<typeof call>[1]) =>
        call(own, { timestamp: Math.floor(clock / 1000), ...options });
      const png = makePng();
      const init = () =>
        signed({ path: '/2/media/upload/initialize', json: { media_type: 'image/png', total_bytes: png.length } });
      const first = await init();
      expect(first.status).toBe(200);
      expect((await init()).status).toBe(429);
      const id = String(first.body.data.id);
      const append = await signed({
        path: `/2/media/upload/${id}/append`,
        multipart: { fields: { segment_index: '0' }, media: png },
      });
      expect(append.status).toBeLessThan(300);
      expect(append.headers.get('x-rate-limit-remaining')).toBe('1874');
      const finalize = await signed({ method: 'POST', path: `/2/media/upload/${id}/finalize` });
      expect(finalize.status).toBe(200);
      expect(finalize.headers.get('x-rate-limit-remaining')).toBe('1874');
      const status = await signed({ path: '/2/media/upload', query: { command: 'STATUS', media_id: id } });
      expect(status.status).toBe(200);
      expect(status.headers.get('x-rate-limit-remaining')).toBe('999');
      const oneShot = await signed({
        path: '/2/media/upload',
        multipart: { fields: { media_category: 'tweet_image' }, media: png },
      });
      expect(oneShot.status).toBe(200);
      expect(oneShot.headers.get('x-rate-limit-remaining')).toBe('499');
      const v1Init = await signed({
        path: '/1.1/media/upload.json',
        form: { command: 'INIT', media_type: 'image/png', total_bytes: String(png.length) },
      });
      expect(v1Init.status).toBe(429);
      const v1Status = await signed({ path: '/1.1/media/upload.json', query: { command: 'STATUS', media_id: id } });
      expect(v1Status.headers.get('x-rate-limit-remaining')).toBe('998');
    } finally {
      await own.close();
    }
  });

  it('opens a new window after 15 minutes', async () => {
    clock += WINDOW_MS;
    const again = await init();
    expect(again.status).toBe(200);
    expect(again.headers.get('x-rate-limit-remaining')).toBe('1');
  });

  it('uses the reference defaults when not configured', () => {
    const limiter = createRateLimiter();
    expect(limiter.take('1', 'initialize', 0).limit).toBe(1875);
    expect(limiter.take('1', 'append', 0).limit).toBe(1875);
    expect(limiter.take('1', 'finalize', 0).limit).toBe(1875);
    expect(limiter.take('1', 'status', 0).limit).toBe(1000);
    expect(limiter.take('1', 'metadata', 0).limit).toBe(500);
  });
});
