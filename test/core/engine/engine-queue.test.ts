// The scheduler: limits per account and in total, 429 pauses one account, offline waits, batches, refusals.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeX, failure } from '../../fakes/fake-x.ts';
import { testAccount } from '../../fakes/session-builder.ts';
import { HELD_NOTICE, WAITING_NOTICE } from '../../../main/common/notices.ts';
import { createHarness } from './harness.ts';
import type { Harness } from './harness.ts';

let x: FakeX;
let harness: Harness;

async function setup(engine: Parameters<typeof createHarness>[0]['engine'] = {}) {
  x = new FakeX();
  harness = await createHarness({
    clientFor: async (account) => x.clientFor(account),
    accounts: [testAccount('a1'), testAccount('a2')],
    engine,
  });
  return harness;
}

afterEach(async () => {
  await harness?.close();
});

describe('limits', () => {
  it('sends at most uploadsPerAccount uploads of one account at a time, and all finish', async () => {
    const { engine, ledger, makeFile, prepare } = await setup({ concurrency: { uploadsPerAccount: 2, total: 4 } });
    // Sending = INIT and APPENDs (the ledger's uploading); a file X holds whole no longer takes a slot.
    let mostUploading = 0;
    x.before = async (call) => {
      mostUploading = Math.max(mostUploading, ledger.countByState().uploading ?? 0);
      if (call.operation === 'append') await new Promise((resolve) => setTimeout(resolve, 1));
    };
    const sessions = [];
    for (let index = 0; index < 5; index++) sessions.push(await prepare(await makeFile(3000)));

    engine.send(sessions.map((session) => session.id));
    await engine.whenIdle();

    expect(mostUploading).toBe(2);
    expect(ledger.countByState().succeeded).toBe(5);
  });

  describe('an upload waiting out a retry delay, nothing of it in flight', () => {
    // A retry delay of a minute that ends only when the test says (every other wait is short and real).
    const LONG = 60_000;
    let endDelays: () => void = () => undefined;
    const delaysEnded = () => new Promise<void>((resolve) => (endDelays = resolve));
    const longDelays = (): Parameters<typeof createHarness>[0]['engine'] => {
      const ended = delaysEnded();
      return {
        concurrency: { uploadsPerAccount: 1 },
        retry: { baseDelayMs: LONG, maxDelayMs: LONG },
        random: () => 0.999,
        sleep: (ms, signal) => {
          if (ms < LONG / 2) return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5)));
          const wait = ended;
          return new Promise<void>((resolve, reject) => {
            signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
            void wait.then(() => resolve());
          });
        },
      };
    };
    const lost = () => failure('server', 'Over capacity', { status: 503 });

    it('lends its slot: the next files of the account go meanwhile', async () => {
      const { engine, ledger, makeFile, prepare } = await setup(longDelays());
      x.failNext('init', lost);
      const unlucky = await prepare(await makeFile(100));
      const next = [await prepare(await makeFile(100)), await prepare(await makeFile(100))];

      engine.send([unlucky.id, ...next.map((session) => session.id)]);
      // Before: the one slot stayed with the first file until its minute was over.
      await vi.waitFor(() =>
        expect(next.map((session) => ledger.requireSession(session.id).state)).toEqual(['succeeded', 'succeeded']),
      );
      expect(ledger.requireSession(unlucky.id).state).toBe('uploading');

      endDelays();
      await engine.whenIdle();
      expect(ledger.countByState().succeeded).toBe(3);
      expect(x.count('init')).toBe(4);
    });

    it('lends it once: when every request fails, no more than twice the cap of files are started', async () => {
      const { engine, ledger, makeFile, prepare } = await setup(longDelays());
      x.failNext('init', lost, 100); // an outage
      const sessions = [];
      for (let index = 0; index < 4; index++) sessions.push(await prepare(await makeFile(100)));

      engine.send(sessions.map((session) => session.id));
      // Both started files wait out their delays (a run says it waits once the callbacks under way have run)…
      await vi.waitFor(() =>
        expect(
          new Set(harness.recorded.progress.filter((event) => event.retry).map((event) => event.sessionId)).size,
        ).toBe(2),
      );
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
      // …and the other two stay queued (not one INIT each).
      expect(engine.status()).toMatchObject({ active: 2, queued: 2 });
      expect(x.count('init')).toBe(2);
      expect(sessions.map((session) => ledger.requireSession(session.id).state)).toEqual([
        'uploading',
        'uploading',
        'ready',
        'ready',
      ]);

      x.before = null; // X is back
      endDelays();
      await engine.whenIdle();
      expect(ledger.countByState().succeeded).toBe(4);
    });
  });
});

describe('rate limits', () => {
  it('a 429 pauses only that account until X says, then it goes on by itself', async () => {
    const { engine, ledger, makeFile, prepare } = await setup();
    const until = harness.now() + 15 * 60_000;
    x.failNext('init', () => failure('rate_limited', 'Too Many Requests', { status: 429, until }));
    x.before = ((previous) => async (call, signal) => {
      // Only a1's first INIT is limited.
      if (call.accountId === 'a2' && call.operation === 'init') return;
      await previous?.(call, signal);
    })(x.before);
    const limited = await prepare(await makeFile(2000), { accountId: 'a1' });
    const other = await prepare(await makeFile(2000), { accountId: 'a2' });

    engine.send([limited.id]);
    await vi.waitFor(() =>
      expect(engine.status().paused).toEqual([{ accountId: 'a1', endpoint: 'initialize', until }]),
    );
    engine.send([other.id]);
    await vi.waitFor(() => expect(ledger.requireSession(other.id).state).toBe('succeeded'));

    // a1 is still waiting for its window: nothing more was sent for it.
    expect(ledger.requireSession(limited.id).state).toBe('uploading');
    expect(x.count('init', 'a1')).toBe(1);
    expect(harness.recorded.statuses.some((status) => status.paused.some((pause) => pause.accountId === 'a2'))).toBe(
      false,
    );

    harness.advance(15 * 60_000);
    await engine.whenIdle();
    expect(ledger.requireSession(limited.id).state).toBe('succeeded');
    expect(x.count('init', 'a1')).toBe(2);
    expect(engine.status().paused).toEqual([]);
  });

  it("a 429 on one file's APPEND holds that account's APPENDs only: another file's FINALIZE and STATUS go on", async () => {
    // X counts limits per user token and per endpoint (reference §2): APPEND's spent window says nothing of
    // FINALIZE's or STATUS's.
    const { engine, ledger, makeFile, prepare } = await setup({ concurrency: { uploadsPerAccount: 2 } });
    x.options.processing = { polls: 1, outcome: 'succeeded' };
    const until = harness.now() + 15 * 60_000;
    const short = await prepare(await makeFile(1000)); // one segment
    const long = await prepare(await makeFile(5000)); // five
    let limited = false;
    // APPENDs that went out once the engine knew of the 429 (those already on their way when X answered it
    // may be recorded after it: with 8 in flight every segment of this file starts at once).
    const afterPause: unknown[] = [];
    x.before = async (call) => {
      if (call.operation !== 'append') return;
      if (engine.status().paused.length > 0) afterPause.push(call);
      if (call.segmentIndex === 3 && !limited) {
        limited = true;
        throw failure('rate_limited', 'Too Many Requests', { status: 429, until });
      }
      // The short file's only APPEND is served once the pause is in place, so its FINALIZE comes after it.
      if (call.mediaId === ledger.getSession(short.id)?.mediaId) {
        while (engine.status().paused.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
    };

    engine.send([short.id, long.id]);
    await vi.waitFor(() => expect(ledger.requireSession(short.id).state).toBe('succeeded'));
    expect(engine.status().paused).toEqual([{ accountId: 'a1', endpoint: 'append', until }]);
    // The budget the 429 revealed is kept: no APPEND of the account went out after it (its own retry waits).
    expect(afterPause).toEqual([]);
    expect(ledger.requireSession(long.id).state).toBe('uploading');
    // The waiting file says what it waits for (the row's "waiting until"); the other never did.
    const waits = harness.recorded.progress.filter((event) => event.rateLimited);
    expect(waits.length).toBeGreaterThan(0);
    expect(new Set(waits.map((event) => event.sessionId))).toEqual(new Set([long.id]));
    expect(waits[0]?.rateLimited).toEqual({ endpoint: 'append', until });

    harness.advance(15 * 60_000);
    await engine.whenIdle();
    expect(ledger.requireSession(long.id).state).toBe('succeeded');
    expect(engine.status().paused).toEqual([]);
  });

  it("an upload waiting for its endpoint's window keeps its account's slot: the next one stays queued", async () => {
    const { engine, ledger, makeFile, prepare } = await setup({ concurrency: { uploadsPerAccount: 1 } });
    x.failNext('init', () =>
      failure('rate_limited', 'Too Many Requests', { status: 429, until: harness.now() + 60_000 }),
    );
    const first = await prepare(await makeFile(100));
    const second = await prepare(await makeFile(100));

    engine.send([first.id]);
    await vi.waitFor(() => expect(engine.status().paused).toHaveLength(1));
    engine.send([second.id]);
    expect(engine.status()).toMatchObject({ active: 1, queued: 1 });

    harness.advance(60_000);
    await engine.whenIdle();
    expect(ledger.countByState().succeeded).toBe(2);
  });
});

describe('offline', () => {
  it('waits for a connection when the API is unreachable, then resumes by itself', async () => {
    const { engine, ledger, makeFile, prepare, setReachable } = await setup();
    const session = await prepare(await makeFile(5000));
    let reachable = true;
    let cut = false;
    x.before = (call) => {
      if (!reachable) throw failure('network', 'connect ECONNREFUSED 127.0.0.1:443');
      if (call.operation === 'append' && call.segmentIndex === 2 && !cut) {
        // The connection goes away in the middle of the upload.
        cut = true;
        reachable = false;
        setReachable(false);
        throw failure('network', 'socket hang up');
      }
    };

    engine.send([session.id]);
    await vi.waitFor(() =>
      expect(engine.status()).toMatchObject({ online: false, waitingForConnection: 1, active: 0 }),
    );
    expect(ledger.requireSession(session.id)).toMatchObject({ state: 'ready', notice: WAITING_NOTICE, error: null });

    const idle = engine.whenIdle();
    reachable = true;
    setReachable(true);
    await idle;
    const done = ledger.requireSession(session.id);
    expect(done).toMatchObject({ state: 'succeeded', notice: null });
    expect(x.count('init')).toBe(1);
    expect(engine.status().online).toBe(true);
  });

  describe("a lost connection's probe runs while the retry's delay does", () => {
    const DELAY = 500;
    const events: string[] = [];
    let answerProbe: (reachable: boolean) => void = () => undefined;
    afterEach(() => answerProbe(true)); // a failed test's probe would hold the run, and close() with it
    const probing = (): Parameters<typeof createHarness>[0]['engine'] => {
      events.length = 0;
      let asked = 0;
      return {
        retry: { baseDelayMs: 2 * DELAY, maxDelayMs: 2 * DELAY },
        random: () => 0.5, // the first retry's delay: DELAY
        // The first probe answers when the test says; the connection watch's later ones find X at once.
        probe: () => {
          events.push('probe');
          return ++asked === 1 ? new Promise((resolve) => (answerProbe = resolve)) : Promise.resolve(true);
        },
        sleep: (ms, signal) => {
          if (ms !== DELAY) return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5)));
          events.push('retry delay');
          // The delay ends when the probe has answered (or is cut short).
          return new Promise((resolve, reject) => {
            signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
            const previous = answerProbe;
            answerProbe = (reachable) => {
              previous(reachable);
              resolve();
            };
          });
        },
      };
    };

    /** Sends a file whose INIT fails with a lost connection, up to the probe and the retry's delay both running. */
    const untilProbeAndDelay = async (message: string) => {
      const { engine, ledger, makeFile, prepare } = await setup(probing());
      x.failNext('init', () => failure('network', message));
      const session = await prepare(await makeFile(100));
      engine.send([session.id]);
      // Before: the delay began only once the probe had answered.
      await vi.waitFor(() => expect(events).toEqual(['probe', 'retry delay']));
      return { engine, ledger, session };
    };

    it('X reachable: the retry goes once both are over', async () => {
      const { engine, ledger, session } = await untilProbeAndDelay('socket hang up');
      answerProbe(true);
      await engine.whenIdle();
      expect(ledger.requireSession(session.id).state).toBe('succeeded');
      expect(x.count('init')).toBe(2);
    });

    it('X unreachable: the delay is cut short and the session waits for the connection', async () => {
      const { engine, ledger, session } = await untilProbeAndDelay('connect ECONNREFUSED 127.0.0.1:443');
      const idle = engine.whenIdle();
      answerProbe(false);
      await idle;
      expect(ledger.requireSession(session.id)).toMatchObject({ state: 'succeeded', notice: null });
      // Sent again after the connection came back, not by the cut-short retry: one request each.
      expect(ledger.requests.list(session.id).map((record) => `${record.request} ${record.outcome}`)).toEqual([
        'INIT offline',
        'INIT ok',
        'FINALIZE ok',
      ]);
      expect(x.count('init')).toBe(2);
    });
  });

  it('a session left waiting for a connection is picked up again by start()', async () => {
    const { ledger, makeFile, prepare } = await setup();
    const session = await prepare(await makeFile(100));
    ledger.updateSession(session.id, { notice: WAITING_NOTICE });
    const next = harness.newEngine();
    expect(next.start()).toBe(1);
    await next.whenIdle();
    expect(ledger.requireSession(session.id).state).toBe('succeeded');
  });
});

describe('work offline', () => {
  it('holds what is sent (an upload in flight stops and keeps its acked segments) until lifted, then finishes it', async () => {
    const { engine, ledger, makeFile, prepare } = await setup();
    const session = await prepare(await makeFile(6000));
    let release: () => void = () => undefined;
    const heldAtSegment2 = new Promise<void>((resolve) => (release = resolve));
    let appends = 0;
    x.before = async (call, signal) => {
      if (call.operation === 'append' && ++appends === 3) {
        release();
        await new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error)));
      }
    };
    engine.send([session.id]);
    await heldAtSegment2;
    expect((await engine.setWorkOffline(true)).workOffline).toBe(true);
    expect(ledger.requireSession(session.id)).toMatchObject({ state: 'ready', notice: HELD_NOTICE });
    const other = await prepare(await makeFile(100));
    engine.send([other.id]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(engine.status()).toMatchObject({ workOffline: true, active: 0, queued: 2 });
    expect(ledger.requireSession(other.id).state).toBe('ready');

    x.before = null;
    const idle = engine.whenIdle();
    await engine.setWorkOffline(false);
    await idle;
    expect(ledger.requireSession(session.id)).toMatchObject({ state: 'succeeded', notice: null });
    expect(ledger.requireSession(other.id).state).toBe('succeeded');
    expect(x.count('init')).toBe(2);
  });

  it('probes nothing while held offline; "try again now" after lifting it finds the connection at once', async () => {
    const probes: number[] = [];
    let reachable = false;
    const { engine, makeFile, prepare } = await setup({
      probe: async () => {
        probes.push(Date.now());
        return reachable;
      },
      // Waits long enough that only tryAgainNow (or lifting the hold) can end them within the test.
      reconnect: { initialDelayMs: 60_000, steadyDelayMs: 60_000, fastForMs: 1, maxDelayMs: 60_000 },
      sleep: (ms, signal) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(resolve, ms);
          signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason as Error)), {
            once: true,
          });
        }),
    });
    const session = await prepare(await makeFile(100));
    x.before = () => {
      if (!reachable) throw failure('network', 'connect ECONNREFUSED');
    };
    engine.send([session.id]);
    await vi.waitFor(() => expect(engine.status().online).toBe(false));
    const before = probes.length;
    reachable = true;
    const idle = engine.whenIdle();
    engine.tryAgainNow();
    await idle;
    expect(probes.length).toBe(before + 1);
    expect(engine.status()).toMatchObject({ online: true, workOffline: false });
  });
});

describe('send', () => {
  it('refuses what cannot be sent, saying why', async () => {
    const { engine, ledger, makeFile, prepare } = await setup();
    const draft = await prepare(await makeFile(10), { state: 'draft' });
    const orphan = await prepare(await makeFile(10), { accountId: null });
    const done = await prepare(await makeFile(10), { state: 'succeeded' });
    const broken = await prepare(await makeFile(10), {
      state: 'failed',
      error: { kind: 'file_changed', message: 'changed', retryable: false },
    });

    const result = engine.send([draft.id, orphan.id, done.id, broken.id, 'ghost']);

    expect(result.queued).toBe(0);
    expect(result.refused.map((refusal) => [refusal.id, refusal.error.kind])).toEqual([
      [draft.id, 'validation'],
      [orphan.id, 'not_found'],
      [done.id, 'bad_request'],
      [broken.id, 'bad_request'],
      ['ghost', 'not_found'],
    ]);
    expect(ledger.requireSession(broken.id).state).toBe('failed');
  });

  it('announces the end of a batch once, with its counts', async () => {
    const { engine, makeFile, prepare } = await setup();
    const good = [await prepare(await makeFile(10)), await prepare(await makeFile(10))];
    x.failNext('init', () => failure('validation', 'media type unrecognized.', { status: 400 }));

    engine.send([...good.map((session) => session.id)]);
    await engine.whenIdle();

    expect(harness.recorded.batches).toEqual([{ succeeded: 1, failed: 1 }]);
  });

  it('retry() sends a cancelled session again', async () => {
    const { engine, ledger, makeFile, prepare } = await setup();
    const session = await prepare(await makeFile(10), { state: 'cancelled' });
    expect(engine.retry(session.id).queued).toBe(1);
    await engine.whenIdle();
    expect(ledger.requireSession(session.id).state).toBe('succeeded');
  });

  it('reports every state change to listeners', async () => {
    const { engine, makeFile, prepare } = await setup();
    const session = await prepare(await makeFile(10));
    engine.send([session.id]);
    await engine.whenIdle();
    // ready→uploading, media id, uploading→finalizing, finalizing→succeeded (at least).
    expect(harness.recorded.changed.filter((id) => id === session.id).length).toBeGreaterThanOrEqual(4);
  });
});
