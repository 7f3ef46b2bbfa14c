// Media ids are time-based like X's (Snowflake), so a sandbox started again never repeats one.
import { describe, expect, it } from 'vitest';
import { createSnowflakeIds, snowflakeTime } from '../../../main/core/sandbox/ids.ts';
import { startSandbox } from '../../../main/core/sandbox/index.ts';
import { call } from './signed-client.ts';

describe('sandbox media ids', () => {
  it('are never handed out twice, across a restart of the sandbox', async () => {
    const seen: string[] = [];
    for (let run = 0; run < 2; run++) {
      const sandbox = await startSandbox({ processingMs: 0 });
      try {
        for (let upload = 0; upload < 3; upload++) {
          const result = await call(sandbox, {
            path: '/2/media/upload/initialize',
            json: { media_type: 'image/png', total_bytes: 10, media_category: 'tweet_image' },
          });
          expect(result.status).toBe(200);
          seen.push(result.body.data.id as string);
        }
        expect(sandbox.mediaIds()).toEqual(seen.slice(run * 3));
      } finally {
        await sandbox.close();
      }
    }
    expect(new Set(seen).size).toBe(6);
    for (const id of seen) expect(BigInt(id) > 2n ** 53n).toBe(true);
  });

  it('carry the time they were made, and keep rising when the clock stands still or steps back', () => {
    let clock = Date.UTC(2026, 11, 1, 18, 44);
    const next = createSnowflakeIds({ now: () => clock, worker: 7 });
    const first = next();
    expect(snowflakeTime(first)).toBe(clock);
    const sameMs = next();
    clock -= 60_000;
    const backwards = next();
    expect(BigInt(sameMs)).toBeGreaterThan(BigInt(first));
    expect(BigInt(backwards)).toBeGreaterThan(BigInt(sameMs));
    clock += 120_000;
    expect(snowflakeTime(next())).toBe(clock);
  });

  it('differ between two sandboxes started in the same millisecond (different workers)', () => {
    const now = () => 1_800_000_000_000;
    const a = createSnowflakeIds({ now, worker: 1 });
    const b = createSnowflakeIds({ now, worker: 2 });
    expect(a()).not.toBe(b());
  });
});
