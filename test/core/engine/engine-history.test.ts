// What the engine tells the window about each request: the session's request history (X's words, what
// came next) and the "retrying (attempt N) in S s" wait on the progress events.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeX, failure } from '../../fakes/fake-x.ts';
import { createHarness } from './harness.ts';
import type { Harness } from './harness.ts';

let harness: Harness;

afterEach(async () => {
  await harness?.close();
});

async function setup(fake: FakeX, engine: Parameters<typeof createHarness>[0]['engine'] = {}) {
  harness = await createHarness({ clientFor: async (account) => fake.clientFor(account), engine });
  return harness;
}

describe('request history', () => {
  it("keeps each failure with X's words and the retry that followed, and the requests that succeeded", async () => {
    const fake = new FakeX();
    fake.failNext('append', () =>
      failure('server', 'APPEND segment 0: X had a server error: Over capacity', { status: 503 }),
    );
    // A clock that moves on every reading and a retry with no wait: the failure's time and the next
    // attempt's time must come from one reading (CI once saw nextAt 1 ms before at).
    let tick = Date.now();
    const { engine, ledger, makeFile, prepare } = await setup(fake, { now: () => tick++, random: () => 0 });
    const session = await prepare(await makeFile(2500));

    engine.send([session.id]);
    await engine.whenIdle();

    const history = ledger.requests.list(session.id);
    expect(history.map((record) => [record.request, record.outcome])).toEqual([
      ['INIT', 'ok'],
      ['APPEND segment 0', 'retry'],
      ['FINALIZE', 'ok'],
    ]);
    expect(history[1]).toMatchObject({
      status: 503,
      errorKind: 'server',
      message: 'APPEND segment 0: X had a server error: Over capacity',
      nextAttempt: 2,
    });
    expect(history[1]!.nextAt).toBeGreaterThanOrEqual(history[1]!.at);
  });

  it('keeps the final refusal of a failed session', async () => {
    const fake = new FakeX();
    fake.failNext('init', () => failure('validation', 'INIT: media type unrecognized.', { status: 400 }));
    const { engine, ledger, makeFile, prepare } = await setup(fake);
    const session = await prepare(await makeFile(100));

    engine.send([session.id]);
    await engine.whenIdle();

    expect(ledger.requests.list(session.id)).toMatchObject([
      { request: 'INIT', outcome: 'failed', status: 400, message: 'INIT: media type unrecognized.' },
    ]);
  });

  it('says on the progress events which attempt comes next and when, and clears it once the retry goes', async () => {
    const fake = new FakeX();
    fake.failNext('append', () => failure('server', 'Service Unavailable', { status: 503 }), 2);
    const { engine, makeFile, prepare, recorded } = await setup(fake, { concurrency: { appendsPerUpload: 1 } });
    const session = await prepare(await makeFile(1000));

    engine.send([session.id]);
    await engine.whenIdle();

    const waits = recorded.progress.filter((event) => event.retry).map((event) => event.retry!.attempt);
    expect(waits).toEqual([2, 3]);
    // After each wait an event without it: the window stops counting down when the retry goes.
    const last = recorded.progress.findLastIndex((event) => event.retry);
    expect(recorded.progress.slice(last + 1).some((event) => !event.retry)).toBe(true);
  });
});
