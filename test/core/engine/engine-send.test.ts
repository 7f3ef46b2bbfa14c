// The engine sending sessions through the fake X: the flow, retries, X's errors, processing, alt text.
import { createHash } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeX, failure } from '../../fakes/fake-x.ts';
import { createHarness } from './harness.ts';
import type { Harness } from './harness.ts';

let x: FakeX;
let harness: Harness;

async function setup(fake = new FakeX(), engine: Parameters<typeof createHarness>[0]['engine'] = {}) {
  x = fake;
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

describe('sending', () => {
  it('sends a file in segments; X assembles exactly its bytes; the session succeeds with the media id', async () => {
    const { engine, ledger, makeFile, prepare } = await setup();
    const path = await makeFile(19_500);
    const session = await prepare(path);
    const before = harness.now();

    expect(engine.send([session.id])).toEqual({ queued: 1, refused: [] });
    await engine.whenIdle();

    const done = ledger.requireSession(session.id);
    expect(done).toMatchObject({ state: 'succeeded', segmentsAcked: 20, bytesAcked: 19_500, attempts: 1, error: null });
    expect(done.mediaId).toMatch(/^\d{19}$/);
    expect(x.sha256(done.mediaId as string)).toBe(await sha256(path));
    expect(x.calls[0]?.operation).toBe('init');
    expect(x.count('append')).toBe(20);
    expect(x.calls.at(-1)?.operation).toBe('finalize');
    // expiresAt comes from FINALIZE's expires_after_secs (86,400 s).
    expect(done.expiresAt).toBeGreaterThanOrEqual(before + 86_400_000);
    expect(done.expiresAt).toBeLessThanOrEqual(harness.now() + 86_400_000);
  });

  it('keeps at most appendsPerUpload APPENDs in flight', async () => {
    const fake = new FakeX();
    fake.before = async (call) => {
      if (call.operation === 'append') await new Promise((resolve) => setTimeout(resolve, 2));
    };
    const { engine, makeFile, prepare } = await setup(fake, { concurrency: { appendsPerUpload: 3 } });
    const session = await prepare(await makeFile(12_000));
    engine.send([session.id]);
    await engine.whenIdle();
    expect(x.maxAppendsInFlight).toBe(3);
  });

  it('refuses a file changed since it was prepared and sends none of its bytes (only INIT went out, alongside the check)', async () => {
    const { engine, ledger, makeFile, prepare } = await setup();
    const path = await makeFile(5000);
    const session = await prepare(path);
    await appendFile(path, 'more');

    engine.send([session.id]);
    await engine.whenIdle();

    const failed = ledger.requireSession(session.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ kind: 'file_changed', retryable: false });
    expect(failed.error?.message).toMatch(/changed after it was prepared.*size changed from 5000 to 5004/);
    // INIT carries the size and type only; no APPEND, one-shot or FINALIZE followed.
    expect(x.calls.map((call) => call.operation).filter((operation) => operation !== 'init')).toEqual([]);
  });

  it('retries server errors and dropped connections, calling again each time, then succeeds', async () => {
    const fake = new FakeX();
    fake.failNext('append', () => failure('server', 'Service Unavailable', { status: 503 }), 2);
    fake.failNext('finalize', () => failure('network', 'socket hang up'), 1);
    const { engine, ledger, makeFile, prepare } = await setup(fake);
    const session = await prepare(await makeFile(3000));

    engine.send([session.id]);
    await engine.whenIdle();

    expect(ledger.requireSession(session.id).state).toBe('succeeded');
    expect(x.count('append')).toBe(3 + 2);
    expect(x.count('finalize')).toBe(2);
  });

  it("fails at once on an error that is not retryable, keeping X's words", async () => {
    const fake = new FakeX();
    fake.failNext('init', () => failure('validation', 'media type unrecognized.', { status: 400 }));
    const { engine, ledger, makeFile, prepare } = await setup(fake);
    const session = await prepare(await makeFile(100));

    engine.send([session.id]);
    await engine.whenIdle();

    expect(ledger.requireSession(session.id)).toMatchObject({
      state: 'failed',
      error: { kind: 'validation', message: 'media type unrecognized.', status: 400, retryable: false },
    });
    expect(x.count('init')).toBe(1);
  });

  it('gives up after the last attempt, leaves the session retryable, and a second send resumes it', async () => {
    const fake = new FakeX();
    fake.failNext('finalize', () => failure('server', 'Internal error', { status: 500, code: 131 }), 4);
    const { engine, ledger, makeFile, prepare } = await setup(fake, {
      retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const path = await makeFile(2500);
    const session = await prepare(path);

    engine.send([session.id]);
    await engine.whenIdle();
    const failed = ledger.requireSession(session.id);
    expect(failed).toMatchObject({ state: 'failed', error: { kind: 'server', code: 131, retryable: true } });

    expect(engine.send([session.id]).queued).toBe(1);
    await engine.whenIdle();
    const done = ledger.requireSession(session.id);
    expect(done).toMatchObject({ state: 'succeeded', mediaId: failed.mediaId, attempts: 2 });
    expect(x.count('init')).toBe(1);
    expect(x.count('append')).toBe(3); // nothing re-sent
    expect(x.sha256(done.mediaId as string)).toBe(await sha256(path));
  });

  it('fails the session when the account cannot be used (clientFor refuses)', async () => {
    harness = await createHarness({
      clientFor: async () => {
        throw failure('auth', 'No credentials in the keychain for this account.');
      },
    });
    const session = await harness.prepare(await harness.makeFile(10));
    harness.engine.send([session.id]);
    await harness.engine.whenIdle();
    expect(harness.ledger.requireSession(session.id)).toMatchObject({ state: 'failed', error: { kind: 'auth' } });
  });
});

describe('processing and alt text', () => {
  it('polls STATUS until processing succeeds, reporting the percentage', async () => {
    const { engine, ledger, makeFile, prepare } = await setup(
      new FakeX({ processing: { polls: 2, outcome: 'succeeded' } }),
    );
    const session = await prepare(await makeFile(1500));

    engine.send([session.id]);
    await engine.whenIdle();

    expect(ledger.requireSession(session.id)).toMatchObject({ state: 'succeeded', processingPercent: 100 });
    expect(x.count('status')).toBe(3);
    expect(harness.recorded.progress.some((event) => event.state === 'processing')).toBe(true);
    expect(harness.recorded.progress.at(-1)).toMatchObject({ state: 'succeeded', bytesSent: 1500 });
  });

  it("fails with X's processing error, verbatim", async () => {
    const { engine, ledger, makeFile, prepare } = await setup(
      new FakeX({ processing: { polls: 1, outcome: 'failed' } }),
    );
    const session = await prepare(await makeFile(1500));

    engine.send([session.id]);
    await engine.whenIdle();

    expect(ledger.requireSession(session.id)).toMatchObject({
      state: 'failed',
      error: { kind: 'processing_failed', name: 'InvalidMedia', message: 'Unsupported video format', retryable: false },
    });
  });

  it('sets the alt text after the upload', async () => {
    const { engine, ledger, makeFile, prepare } = await setup();
    const session = await prepare(await makeFile(10), { altText: 'A cat on a keyboard' });

    engine.send([session.id]);
    await engine.whenIdle();

    const mediaId = ledger.requireSession(session.id).mediaId as string;
    expect(x.media.get(mediaId)?.altText).toBe('A cat on a keyboard');
    expect(x.calls.map((call) => call.operation)).toEqual(['init', 'append', 'finalize', 'alt_text']);
  });

  it('keeps the upload when X refuses the alt text, and says so', async () => {
    const fake = new FakeX();
    fake.failNext('alt_text', () => failure('validation', 'Alt text is too long.', { status: 400 }));
    const { engine, ledger, makeFile, prepare } = await setup(fake);
    const session = await prepare(await makeFile(10), { altText: 'x' });

    engine.send([session.id]);
    await engine.whenIdle();

    expect(ledger.requireSession(session.id)).toMatchObject({
      state: 'succeeded',
      notice: 'Uploaded, but X did not take the alt text: Alt text is too long.',
    });
  });
});

describe('a bug inside a run', () => {
  it("fails the session as 'internal' (not the machine's 'environment') and reports the bug", async () => {
    const fake = new FakeX();
    const bug = new TypeError("Cannot read properties of undefined (reading 'media_id')");
    fake.before = async (call) => {
      if (call.operation === 'init') throw bug;
    };
    const reported: unknown[] = [];
    const { engine, ledger, makeFile, prepare } = await setup(fake, { reportBug: (error) => reported.push(error) });
    const session = await prepare(await makeFile(3_000));
    engine.send([session.id]);
    await engine.whenIdle();
    expect(ledger.requireSession(session.id)).toMatchObject({
      state: 'failed',
      error: { kind: 'internal', message: `Internal error: ${bug.message}` },
    });
    expect(reported).toEqual([bug]);
  });
});
