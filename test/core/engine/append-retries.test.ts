// A failed APPEND under the adaptive in-flight limit: what its retry holds and what it tells the controller.
import { afterEach, describe, expect, it } from 'vitest';
import { abortableSleep } from '../../../main/core/engine/options.ts';
import { FakeX, failure } from '../../fakes/fake-x.ts';
import { createHarness, type Harness } from './harness.ts';

let harness: Harness;

afterEach(async () => {
  await harness?.close();
});

/** Resolves once `done()` holds, looking after each turn of the event loop; gives up after `limitMs`. */
async function until(done: () => boolean, limitMs: number): Promise<void> {
  const giveUpAt = Date.now() + limitMs;
  while (!done() && Date.now() < giveUpAt) await new Promise((resolve) => setImmediate(resolve));
}

/** Sends one three-segment file from account a1, starting at `inFlight`, to its end; it must succeed. */
async function sendThreeSegments(x: FakeX, inFlight: number): Promise<void> {
  harness = await createHarness({ clientFor: async (account) => x.clientFor(account) });
  harness.ledger.recordAppendsInFlight('a1', inFlight);
  const session = await harness.prepare(await harness.makeFile(3000));
  harness.engine.send([session.id]);
  await harness.engine.whenIdle();
  expect(harness.ledger.requireSession(session.id).state).toBe('succeeded');
}

describe('a failed APPEND', () => {
  it('gives back its permit while it waits to be sent again: the next segment goes meanwhile', async () => {
    const x = new FakeX();
    x.failNext('append', () => failure('server', 'Over capacity', { status: 503 }), 1);
    const appended = (index: number) => x.appendedIndexes().filter((each) => each === index).length;
    harness = await createHarness({
      clientFor: async (account) => x.clientFor(account),
      engine: {
        // The retry's wait lasts until segment 1 has gone out (or, if the permit is held, a while, then the
        // order below fails): the segment waiting for its retry must not keep the account's only permit.
        sleep: async (ms, signal) => {
          if (appended(0) === 1 && appended(1) === 0) await until(() => appended(1) > 0, 2000);
          await abortableSleep(Math.min(ms, 5), signal);
        },
      },
    });
    harness.ledger.recordAppendsInFlight('a1', 1); // the account's controller starts at one in flight
    const session = await harness.prepare(await harness.makeFile(3000));

    harness.engine.send([session.id]);
    await harness.engine.whenIdle();

    expect(harness.ledger.requireSession(session.id).state).toBe('succeeded');
    const sent = x.appendedIndexes();
    expect(sent.toSorted()).toEqual([0, 0, 1, 2]);
    expect(sent.indexOf(1)).toBeLessThan(sent.lastIndexOf(0)); // segment 1 went while segment 0 waited
  });

  it.each([
    ['a 503', 4, () => failure('server', 'Over capacity', { status: 503 })],
    ['a cut connection', 4, () => failure('network', 'APPEND segment 0: could not reach X (ECONNRESET)')],
    ['a timeout', 2, () => failure('network', 'APPEND segment 0: no answer from X within 60 s', { timedOut: true })],
  ])(
    '%s leaves the account with %i in flight: only a request with no answer says the link is full',
    async (_, left, error) => {
      const x = new FakeX();
      x.failNext('append', error, 1);
      // Three segments: no round of four acks completes, so what is left is what the failure did to the limit.
      await sendThreeSegments(x, 4);
      expect(harness.ledger.appendsInFlight('a1')).toBe(left);
    },
  );

  it('halves the limit once when the requests in flight time out together (one full link), not once per request', async () => {
    const x = new FakeX();
    // The first two APPENDs (out together) get no answer in time; their retries, and every other, go through.
    let timeouts = 2;
    x.before = async (call) => {
      if (call.operation !== 'append' || timeouts <= 0) return;
      timeouts--;
      await new Promise((resolve) => setTimeout(resolve, 20)); // both started before either timed out
      throw failure('network', `APPEND segment ${call.segmentIndex}: no answer from X within 60 s`, { timedOut: true });
    };
    await sendThreeSegments(x, 4);
    expect(harness.ledger.appendsInFlight('a1')).toBe(2); // 4 halved once, not 4 → 2 → 1
  });

  it("keeps a segment's backoff at the first delay while the account's other segments succeed", async () => {
    const x = new FakeX();
    // Segment 0 fails three times. Every other segment goes out only while segment 0 waits for its retry, one
    // per wait, so each of its failures comes after another segment's success: X is answering.
    let left = 3;
    let zeroSent = false;
    const turns: (() => void)[] = [];
    let tokens = 0;
    x.before = async (call) => {
      if (call.operation !== 'append') return;
      if (call.segmentIndex === 0) {
        if (left-- > 0) throw failure('server', 'Over capacity', { status: 503 });
        zeroSent = true;
        for (const turn of turns.splice(0)) turn();
      } else if (!zeroSent) {
        if (tokens > 0) tokens--;
        else await new Promise<void>((resolve) => turns.push(resolve));
      }
    };
    const waits: number[] = [];
    let session: { id: string } | null = null;
    const acked = () => (session ? harness.ledger.ackedSegments(session.id).length : 0);
    harness = await createHarness({
      clientFor: async (account) => x.clientFor(account),
      engine: {
        concurrency: { appendsPerUpload: 2 },
        retry: { baseDelayMs: 100, maxDelayMs: 10_000 },
        random: () => 0.999,
        sleep: async (ms) => {
          waits.push(ms);
          const before = acked();
          const turn = turns.shift();
          if (turn) turn();
          else tokens++;
          await until(() => acked() > before, 2000);
        },
      },
    });
    session = await harness.prepare(await harness.makeFile(8000));

    harness.engine.send([session.id]);
    await harness.engine.whenIdle();

    expect(harness.ledger.requireSession(session.id).state).toBe('succeeded');
    expect(x.appendedIndexes().filter((index) => index === 0)).toHaveLength(4);
    expect(waits).toEqual([99, 99, 99]); // not 99, 199, 399: each failure came after a success
  });
});
