// Resuming rather than restarting: acked segments, expired media ids, pause, cancel, close and restart.
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeX } from '../../fakes/fake-x.ts';
import { createHarness } from './harness.ts';
import type { Harness } from './harness.ts';

let x: FakeX;
let harness: Harness;

async function setup(engine: Parameters<typeof createHarness>[0]['engine'] = {}) {
  x = new FakeX();
  harness = await createHarness({ clientFor: async (account) => x.clientFor(account), engine });
  return harness;
}

afterEach(async () => {
  await harness?.close();
});

async function sha256(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/** Holds APPENDs of segments ≥ `from` until released (or aborted). */
function holdAppendsFrom(from: number) {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  x.before = (call, signal) => {
    if (call.operation !== 'append' || (call.segmentIndex ?? 0) < from) return;
    return new Promise<void>((resolve, reject) => {
      void released.then(resolve);
      signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    });
  };
  return () => {
    x.before = null;
    release();
  };
}

/** A session a crashed run left in `uploading`, with segments 0..acked-1 with X and in the ledger. */
async function crashedSession(acked: number, expiresInMs: number) {
  const path = await harness.makeFile(20_000);
  const session = await harness.prepare(path);
  const mediaId = '1880028106020599999';
  const media = x.seedMedia(mediaId, 'a1', 20_000, 'video/mp4');
  const handle = await open(path, 'r');
  for (let index = 0; index < acked; index++) {
    const buffer = Buffer.alloc(1000);
    await handle.read(buffer, 0, 1000, index * 1000);
    media.segments.set(index, buffer);
    harness.ledger.ackSegment(session.id, index, 1000);
  }
  await handle.close();
  harness.ledger.transition(session.id, ['ready'], 'uploading', {
    mediaId,
    expiresAt: harness.now() + expiresInMs,
    attempts: 1,
  });
  return { path, session, mediaId };
}

describe('resume after a crash', () => {
  it('start() resumes an interrupted upload, sending only the segments not acked', async () => {
    const { engine, ledger } = await setup();
    const { path, session, mediaId } = await crashedSession(12, 3_600_000);

    expect(engine.start()).toBe(1);
    await engine.whenIdle();

    expect(ledger.requireSession(session.id)).toMatchObject({ state: 'succeeded', mediaId, segmentsAcked: 20 });
    expect(x.count('init')).toBe(0);
    expect(x.appendedIndexes().sort((a, b) => a - b)).toEqual([12, 13, 14, 15, 16, 17, 18, 19]);
    expect(x.sha256(mediaId)).toBe(await sha256(path));
  });

  it('starts over with a new INIT when the media id expired, and says so', async () => {
    const { engine, ledger } = await setup();
    const { path, session, mediaId } = await crashedSession(12, -1000);

    engine.start();
    await engine.whenIdle();

    const done = ledger.requireSession(session.id);
    expect(done.state).toBe('succeeded');
    expect(done.mediaId).not.toBe(mediaId);
    expect(done.notice).toMatch(`Media id ${mediaId} expired`);
    expect(x.count('init')).toBe(1);
    expect(x.count('append')).toBe(20);
    expect(x.sha256(done.mediaId as string)).toBe(await sha256(path));
  });

  it('starts over when X no longer knows the media id, and says so', async () => {
    const { engine, ledger } = await setup();
    const { path, session, mediaId } = await crashedSession(5, 3_600_000);
    (x.media.get(mediaId) as { expired: boolean }).expired = true;

    engine.start();
    await engine.whenIdle();

    const done = ledger.requireSession(session.id);
    expect(done.state).toBe('succeeded');
    expect(done.notice).toMatch(`X no longer knows media id ${mediaId}`);
    expect(x.count('init')).toBe(1);
    expect(x.sha256(done.mediaId as string)).toBe(await sha256(path));
  });

  it('resumes a session left finalizing or processing without re-sending segments', async () => {
    const { engine, ledger } = await setup();
    const { session, mediaId } = await crashedSession(20, 3_600_000);
    ledger.transition(session.id, ['uploading'], 'finalizing');

    engine.start();
    await engine.whenIdle();

    expect(ledger.requireSession(session.id)).toMatchObject({ state: 'succeeded', mediaId });
    expect(x.calls.map((call) => call.operation)).toEqual(['finalize']);
  });
});

describe('pause, cancel, close', () => {
  it('pause leaves the session ready; sending it again sends only what was not acked', async () => {
    const { engine, ledger, makeFile, prepare } = await setup({ concurrency: { appendsPerUpload: 1 } });
    const path = await makeFile(20_000);
    const session = await prepare(path);
    const release = holdAppendsFrom(5);

    engine.send([session.id]);
    await vi.waitFor(() => expect(x.appendedIndexes()).toContain(5));
    const paused = await engine.pause(session.id);
    expect(paused).toMatchObject({ state: 'ready', segmentsAcked: 5, notice: 'Paused' });
    release();

    const before = x.calls.length;
    engine.send([session.id]);
    await engine.whenIdle();
    const done = ledger.requireSession(session.id);
    expect(done).toMatchObject({ state: 'succeeded', mediaId: paused.mediaId, notice: null });
    expect(
      x.calls
        .slice(before)
        .filter((call) => call.operation === 'append')
        .map((call) => call.segmentIndex),
    ).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(x.count('init')).toBe(1);
    expect(x.sha256(done.mediaId as string)).toBe(await sha256(path));
  });

  it('cancel stops an upload mid-way and marks it cancelled', async () => {
    const { engine, ledger, makeFile, prepare } = await setup();
    const session = await prepare(await makeFile(20_000));
    holdAppendsFrom(3);

    engine.send([session.id]);
    await vi.waitFor(() => expect(x.appendedIndexes()).toContain(3));
    expect((await engine.cancel(session.id)).state).toBe('cancelled');
    await engine.whenIdle();

    expect(x.count('finalize')).toBe(0);
    expect(ledger.requireSession(session.id).state).toBe('cancelled');
    expect(engine.status()).toMatchObject({ active: 0, queued: 0 });
  });

  it('cancel takes a queued session out of the queue', async () => {
    const { engine, makeFile, prepare } = await setup({ concurrency: { total: 1 } });
    const first = await prepare(await makeFile(5000));
    const second = await prepare(await makeFile(5000));
    holdAppendsFrom(0);

    engine.send([first.id, second.id]);
    expect((await engine.cancel(second.id)).state).toBe('cancelled');
    expect(engine.status().queued).toBe(0);
    await engine.cancel(first.id);
  });

  it('close() leaves an upload resumable, and the next engine finishes it without a new INIT', async () => {
    const { engine, ledger, makeFile, prepare } = await setup({ concurrency: { appendsPerUpload: 1 } });
    const path = await makeFile(10_000);
    const session = await prepare(path);
    const release = holdAppendsFrom(4);

    engine.send([session.id]);
    await vi.waitFor(() => expect(x.appendedIndexes()).toContain(4));
    await engine.close();
    release();
    expect(ledger.requireSession(session.id)).toMatchObject({ state: 'uploading', segmentsAcked: 4, error: null });

    const next = harness.newEngine();
    expect(next.start()).toBe(1);
    await next.whenIdle();
    expect(ledger.requireSession(session.id).state).toBe('succeeded');
    expect(x.count('init')).toBe(1);
    expect(x.sha256(ledger.requireSession(session.id).mediaId as string)).toBe(await sha256(path));
  });

  it('forget cancels a running session and deletes it', async () => {
    const { engine, ledger, makeFile, prepare } = await setup();
    const session = await prepare(await makeFile(5000));
    holdAppendsFrom(0);
    engine.send([session.id]);
    await vi.waitFor(() => expect(x.count('append')).toBeGreaterThan(0));
    expect(await engine.forget(session.id)).toBe(true);
    expect(ledger.getSession(session.id)).toBeNull();
    await engine.whenIdle();
  });
});

describe('chunk plans', () => {
  it('re-plans a session whose chunks are too large for its API, and starts it over', async () => {
    const { engine, ledger, makeFile, prepare } = await setup();
    const path = await makeFile(20_000);
    // Planned for v2 with 8 MiB-class chunks, then moved to v1.1 (at most 5 MiB): here 6 MiB chunks.
    const session = await prepare(path, {
      api: 'v1.1',
      chunkSize: 6 * 1024 * 1024,
      segmentsTotal: 1,
      mediaId: '1880028106020511111',
      expiresAt: harness.now() + 3_600_000,
    });

    engine.send([session.id]);
    await engine.whenIdle();

    const done = ledger.requireSession(session.id);
    expect(done).toMatchObject({ state: 'succeeded', chunkSize: 5 * 1024 * 1024, segmentsTotal: 1 });
    expect(done.mediaId).not.toBe('1880028106020511111');
    expect(x.sha256(done.mediaId as string)).toBe(await sha256(path));
  });
});
