// waitForProcessing with an injected sleep: no real time passes.
import { describe, expect, it } from 'vitest';
import {
  pollDelayMs,
  waitForProcessing,
  type MediaObject,
  type ProcessingInfo,
} from '../../../main/core/x-api/index.ts';
import { failureOf } from '../../fakes/failure-of.ts';

const media = (processingInfo?: ProcessingInfo): MediaObject => ({
  mediaId: '1880028106020515841',
  ...(processingInfo && { processingInfo }),
});

/** A client whose STATUS answers come from a script, and a sleep that records its waits. */
function scripted(answers: ProcessingInfo[]) {
  const sleeps: number[] = [];
  const asked: string[] = [];
  const client = {
    status: async (mediaId: string) => {
      asked.push(mediaId);
      const next = answers.shift();
      if (!next) throw new Error('STATUS asked more often than scripted');
      return media(next);
    },
  };
  const sleep = async (ms: number) => void sleeps.push(ms);
  return { client, sleeps, asked, sleep };
}

describe('waitForProcessing', () => {
  it('returns at once when there is nothing to process', async () => {
    const { client, sleeps, asked, sleep } = scripted([]);
    expect(await waitForProcessing(client, '1880028106020515841', media(), { sleep })).toEqual(media());
    expect(sleeps).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('waits check_after_secs between polls and returns the succeeded media', async () => {
    const { client, sleeps, asked, sleep } = scripted([
      { state: 'in_progress', checkAfterSecs: 3, progressPercent: 50 },
      { state: 'succeeded', progressPercent: 100 },
    ]);
    const result = await waitForProcessing(
      client,
      '1880028106020515841',
      media({ state: 'pending', checkAfterSecs: 5 }),
      { sleep },
    );
    expect(result.processingInfo?.state).toBe('succeeded');
    expect(sleeps).toEqual([5000, 3000]);
    expect(asked).toEqual(['1880028106020515841', '1880028106020515841']);
  });

  it('never polls sooner than 1 s, whatever X says', async () => {
    const { client, sleeps, sleep } = scripted([{ state: 'succeeded' }]);
    await waitForProcessing(client, '1', media({ state: 'pending', checkAfterSecs: 0 }), { sleep });
    expect(sleeps).toEqual([1000]);
  });

  it('caps one wait at maxIntervalMs', async () => {
    const { client, sleeps, sleep } = scripted([{ state: 'succeeded' }]);
    await waitForProcessing(client, '1', media({ state: 'pending', checkAfterSecs: 600 }), {
      sleep,
      maxIntervalMs: 20_000,
    });
    expect(sleeps).toEqual([20_000]);
  });

  it('reports every processing state it sees', async () => {
    const { client, sleep } = scripted([
      { state: 'in_progress', checkAfterSecs: 1, progressPercent: 30 },
      { state: 'succeeded', progressPercent: 100 },
    ]);
    const seen: (number | undefined)[] = [];
    await waitForProcessing(client, '1', media({ state: 'pending', checkAfterSecs: 1, progressPercent: 0 }), {
      sleep,
      onProgress: (info) => seen.push(info.progressPercent),
    });
    expect(seen).toEqual([0, 30, 100]);
  });

  it("throws processing_failed with X's name and message", async () => {
    const { client, sleep } = scripted([
      { state: 'failed', error: { code: 1, name: 'InvalidMedia', message: 'Unsupported video format' } },
    ]);
    const error = await failureOf(
      waitForProcessing(client, '1', media({ state: 'pending', checkAfterSecs: 1 }), { sleep }),
    );
    expect(error).toMatchObject({
      kind: 'processing_failed',
      name: 'InvalidMedia',
      message: 'Unsupported video format',
      retryable: false,
    });
  });

  it('a first answer that already failed throws without polling', async () => {
    const { client, asked, sleep } = scripted([]);
    const error = await failureOf(
      waitForProcessing(client, '1', media({ state: 'failed', error: { name: 'InvalidMedia', message: 'bad' } }), {
        sleep,
      }),
    );
    expect(error.kind).toBe('processing_failed');
    expect(asked).toEqual([]);
  });

  it('gives up at maxWaitMs with a retryable server error naming the time waited', async () => {
    const stillRunning = (): ProcessingInfo => ({ state: 'in_progress', checkAfterSecs: 10 });
    const { client, sleeps, sleep } = scripted([stillRunning(), stillRunning(), stillRunning(), stillRunning()]);
    const error = await failureOf(waitForProcessing(client, '1', media(stillRunning()), { sleep, maxWaitMs: 35_000 }));
    expect(error).toMatchObject({ kind: 'server', retryable: true });
    expect(error.message).toBe('processing still running after 30 s');
    expect(sleeps).toEqual([10_000, 10_000, 10_000]);
  });

  it('stops as cancelled when the signal aborts during a wait', async () => {
    const controller = new AbortController();
    const { client, asked } = scripted([{ state: 'succeeded' }]);
    const sleep = async (_ms: number, signal?: AbortSignal) => {
      controller.abort();
      signal?.throwIfAborted();
    };
    const error = await failureOf(
      waitForProcessing(client, '1', media({ state: 'pending', checkAfterSecs: 1 }), {
        sleep,
        signal: controller.signal,
      }),
    );
    expect(error.kind).toBe('cancelled');
    expect(asked).toEqual([]);
  });

  it('the default sleep honours the signal', async () => {
    const controller = new AbortController();
    const { client } = scripted([]);
    const pending = failureOf(
      waitForProcessing(client, '1', media({ state: 'pending', checkAfterSecs: 30 }), { signal: controller.signal }),
    );
    controller.abort();
    expect((await pending).kind).toBe('cancelled');
  });
});

describe('pollDelayMs', () => {
  it('follows check_after_secs between the floor and the cap', () => {
    expect(pollDelayMs({ state: 'pending', checkAfterSecs: 7 })).toBe(7000);
    expect(pollDelayMs({ state: 'pending' })).toBe(1000);
    expect(pollDelayMs({ state: 'pending', checkAfterSecs: 3600 })).toBe(60_000);
  });
});
