// The engine with the real upload clients (v2 and v1.1) against the real sandbox on 127.0.0.1:
// bytes assembled by the sandbox must hash like the file, whatever faults, pauses and restarts happen.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, mkdtemp, open, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it, vi } from 'vitest';
import type { Account } from '../../../main/common/account.ts';
import { isXferFailure } from '../../../main/common/errors.ts';
import { fingerprintFile } from '../../../main/core/engine/fingerprint.ts';
import { segmentHashesFor, startSegmentHashes } from '../../../main/core/engine/segment-hash-jobs.ts';
import { abortableSleep } from '../../../main/core/engine/options.ts';
import type { EngineOptions } from '../../../main/core/engine/options.ts';
import type { ProgressEvent, QueueStatus } from '../../../main/common/progress.ts';
import { UploadEngine } from '../../../main/core/engine/upload-engine.ts';
import { RACY_MARGIN_MS } from '../../../main/core/engine/write-quiet.ts';
import { WAITING_NOTICE } from '../../../main/common/notices.ts';
import { MIB, planChunks } from '../../../main/core/engine/chunk-plan.ts';
import { Ledger } from '../../../main/core/ledger/ledger.ts';
import type { NewSession } from '../../../main/core/ledger/ledger.ts';
import type { Session } from '../../../main/common/session.ts';
import { SANDBOX_USERS, startSandbox } from '../../../main/core/sandbox/index.ts';
import type { Sandbox, SandboxOptions } from '../../../main/core/sandbox/index.ts';
import { createUploadClient } from '../../../main/core/x-api/index.ts';
import type { UploadClient } from '../../../main/core/x-api/types.ts';
import type { ApiVersion } from '../../../main/common/account.ts';
import { makePaddedVideo, makePng } from '../../fixtures/media.ts';
import { newSession, testAccount } from '../../fakes/session-builder.ts';

let fixtures: string;
beforeAll(async () => {
  fixtures = await mkdtemp(join(tmpdir(), 'xfer-engine-media-'));
});
afterAll(async () => {
  await rm(fixtures, { recursive: true, force: true });
});

interface World {
  sandbox: Sandbox;
  ledger: Ledger;
  engine: UploadEngine;
  statuses: QueueStatus[];
  now(): number;
  /** Long waits (429 resets, processing polls) skip ahead on the shared clock unless frozen. */
  setSkipLongWaits(skip: boolean): void;
  advance(ms: number): void;
  restartSandbox(): Promise<void>;
  newEngine(overrides?: Partial<EngineOptions>): UploadEngine;
  prepare(path: string, overrides: Partial<NewSession> & { accountId: string }): Promise<Session>;
  dir: string;
}

let world: World | null = null;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
  world = null;
});

/** Account ids: `${api}-${user}` for each sandbox user and dialect, e.g. "v2-1", "v1.1-2". */
function accountsFor(sandbox: Sandbox): Account[] {
  const apis: ApiVersion[] = ['v2', 'v1.1'];
  return apis.flatMap((api) =>
    SANDBOX_USERS.map((user, index) =>
      testAccount(`${api}-${index + 1}`, { api, userId: user.userId, apiBase: sandbox.url, uploadBase: sandbox.url }),
    ),
  );
}

async function createWorld(
  options: {
    sandbox?: SandboxOptions;
    engine?: Partial<EngineOptions>;
    clientWrap?: (client: UploadClient) => UploadClient;
  } = {},
): Promise<World> {
  const dir = await mkdtemp(join(tmpdir(), 'xfer-engine-sandbox-'));
  let offset = 0;
  let skipLongWaits = true;
  const now = (): number => Date.now() + offset;
  const sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (skipLongWaits && ms > 20) offset += ms;
    await abortableSleep(Math.min(ms, 5), signal);
  };
  const sandboxOptions: SandboxOptions = { now, processingMs: 2000, ...options.sandbox };
  let sandbox = await startSandbox(sandboxOptions);
  const url = sandbox.url;
  const ledger = Ledger.open(join(dir, 'ledger.db'));
  for (const account of accountsFor(sandbox)) ledger.insertAccount(account);
  const statuses: QueueStatus[] = [];
  const engines: UploadEngine[] = [];

  const clientFor = async (account: Account): Promise<UploadClient> => {
    const user = SANDBOX_USERS.find((candidate) => candidate.userId === account.userId);
    if (!user) throw new Error(`no sandbox user ${account.userId}`);
    const client = createUploadClient({
      api: account.api,
      endpoints: { apiBase: url, uploadBase: url },
      credentials: {
        consumerKey: sandbox.consumerKey,
        consumerSecret: sandbox.consumerSecret,
        token: user.token,
        tokenSecret: user.tokenSecret,
      },
      now,
      timeoutMs: 10_000,
    });
    return options.clientWrap ? options.clientWrap(client) : client;
  };
  const probe = async (): Promise<boolean> => {
    try {
      await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(2000) });
      return true;
    } catch {
      return false;
    }
  };
  const newEngine = (overrides: Partial<EngineOptions> = {}): UploadEngine => {
    const engine = new UploadEngine({
      ledger,
      clientFor,
      accounts: ledger,
      events: {
        onProgress: () => undefined,
        onSessionChanged: () => undefined,
        onQueueStatus: (status) => statuses.push(status),
      },
      probe,
      now,
      sleep,
      retry: { maxAttempts: 8 },
      ...options.engine,
      ...overrides,
    });
    engines.push(engine);
    return engine;
  };

  const created: World = {
    get sandbox() {
      return sandbox;
    },
    ledger,
    engine: newEngine(),
    statuses,
    now,
    setSkipLongWaits: (skip) => {
      skipLongWaits = skip;
    },
    advance: (ms) => {
      offset += ms;
    },
    restartSandbox: async () => {
      sandbox = await startSandbox({ ...sandboxOptions, port: Number(new URL(url).port) });
    },
    newEngine,
    prepare: async (path, overrides) => {
      const fingerprint = await fingerprintFile(path);
      const api = ledger.getAccount(overrides.accountId)?.api ?? 'v2';
      return ledger.insertSession(
        newSession({
          file: path,
          fingerprint,
          totalBytes: fingerprint.size,
          api,
          ...planChunks(fingerprint.size, api),
          ...overrides,
        }),
      );
    },
    dir,
  };
  cleanups.push(async () => {
    for (const engine of engines) await engine.close();
    ledger.close();
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });
  world = created;
  return created;
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A file the sandbox takes as a PNG (it checks the magic number) with random bytes after the header. */
async function pngLike(dir: string, name: string, bytes: number): Promise<string> {
  const path = join(dir, name);
  const header = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await writeFile(path, Buffer.concat([header, randomBytes(bytes - header.length)]));
  return path;
}

async function expectUploaded(session: Session, path: string) {
  const done = world!.ledger.requireSession(session.id);
  expect(done.error).toBeNull();
  expect(done.state).toBe('succeeded');
  const report = world!.sandbox.inspect(done.mediaId as string);
  expect(await world!.sandbox.digest(done.mediaId as string)).toBe(await sha256(path));
  return { done, report: report! };
}

describe.each(['v2', 'v1.1'] as const)('over %s', (api) => {
  it('uploads a one-segment image; the sandbox holds exactly its bytes', async () => {
    const { engine, sandbox, prepare } = await createWorld();
    const path = await makePng(fixtures, { width: 64, height: 48 });
    const session = await prepare(path, {
      accountId: `${api}-1`,
      mediaType: 'image/png',
      mediaCategory: 'tweet_image',
      altText: 'A test card',
    });

    engine.send([session.id]);
    await engine.whenIdle();

    const { report } = await expectUploaded(session, path);
    expect(report).toMatchObject({ segments: [0], appendCount: 1, altText: 'A test card', state: 'succeeded' });
    expect(sandbox.violations()).toEqual([]);
  });

  it('uploads a 52 MiB video in 5 MiB segments, through processing', async () => {
    const { engine, sandbox, prepare } = await createWorld();
    const path = await makePaddedVideo(fixtures, 52 * MIB);
    const session = await prepare(path, {
      accountId: `${api}-1`,
      mediaType: 'video/mp4',
      mediaCategory: 'tweet_video',
    });
    expect(session.segmentsTotal).toBe(11);

    engine.send([session.id]);
    await engine.whenIdle();

    const { done, report } = await expectUploaded(session, path);
    expect(report.segments).toHaveLength(11);
    expect(report.appendCount).toBe(11);
    expect(done.processingPercent).toBe(100);
    expect(sandbox.violations()).toEqual([]);
  });
});

describe('under faults', () => {
  it('20 uploads with 10% faults of every kind all succeed with the right bytes', async () => {
    const seen = new Map<string, number>();
    const { engine, prepare, dir } = await createWorld({
      sandbox: { faults: { rate: 0.1, seed: 20_261_125 } },
      clientWrap: (client) => countFailures(client, seen),
      engine: { concurrency: { total: 6, uploadsPerAccount: 2, appendsPerUpload: 3 } },
    });
    const accounts = ['v2-1', 'v2-2', 'v1.1-1', 'v1.1-2'];
    const items: { session: Session; path: string }[] = [];
    for (let index = 0; index < 20; index++) {
      const path = await pngLike(dir, `card-${index}.png`, 40_000 + index * 997);
      const session = await prepare(path, {
        accountId: accounts[index % accounts.length] as string,
        mediaType: 'image/png',
        mediaCategory: 'tweet_image',
        chunkSize: 8192,
        segmentsTotal: Math.ceil((40_000 + index * 997) / 8192),
      });
      items.push({ session, path });
    }

    engine.send(items.map((item) => item.session.id));
    await engine.whenIdle();

    for (const item of items) await expectUploaded(item.session, item.path);
    // The faults did happen (about 1 request in 10 over some 200), and the engine got past every one.
    expect([...seen.values()].reduce((sum, count) => sum + count, 0)).toBeGreaterThan(3);
  });
});

/** Flips one byte at `offset` and puts the modification time back, as an editor saving in place might. */
async function editInPlace(path: string, offset: number): Promise<void> {
  const before = await stat(path);
  const handle = await open(path, 'r+');
  try {
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, offset);
    byte[0] = (byte[0] ?? 0) ^ 0xff;
    await handle.write(byte, 0, 1, offset);
  } finally {
    await handle.close();
  }
  await utimes(path, before.atimeMs / 1000, before.mtimeMs / 1000);
  expect(Math.abs((await stat(path)).mtimeMs - before.mtimeMs)).toBeLessThan(0.01);
}

/**
 * A 10-segment file sent one APPEND at a time and held after 4 acks: the world, the file and its session.
 * `beforePrepare` runs on the new file first.
 */
async function heldAfterFourAcks(name: string, beforePrepare: (path: string) => Promise<void> = async () => {}) {
  const hold = holdAppends(4);
  const world = await createWorld({
    clientWrap: (client) => hold.wrap(client),
    engine: { concurrency: { appendsPerUpload: 1 } },
  });
  const path = await pngLike(world.dir, name, 80_000);
  await beforePrepare(path);
  const session = await world.prepare(path, {
    accountId: 'v2-1',
    mediaType: 'image/png',
    mediaCategory: 'tweet_image',
    chunkSize: 8000,
    segmentsTotal: 10,
  });
  world.engine.send([session.id]);
  await vi.waitFor(() => expect(world.ledger.requireSession(session.id).segmentsAcked).toBe(4));
  return { ...world, hold, path, session };
}

/** heldAfterFourAcks, then one byte at `offset` edited in place (mtime put back): the session as it ended. */
async function sendEditedMidway(name: string, offset: number, beforePrepare?: (path: string) => Promise<void>) {
  const { engine, ledger, sandbox, hold, path, session } = await heldAfterFourAcks(name, beforePrepare);
  const mtimeNs = (await stat(path, { bigint: true })).mtimeNs;
  await editInPlace(path, offset);
  hold.release();
  await engine.whenIdle();
  const done = ledger.requireSession(session.id);
  const mtimeKept = mtimeNs === (await stat(path, { bigint: true })).mtimeNs;
  return { done, report: sandbox.inspect(done.mediaId as string), mtimeKept };
}

describe('a file changed in place while it is sent (same size, mtime restored)', () => {
  for (const [where, offset, segment] of [
    ['in a part not yet sent', 6 * 8000 + 123, 7],
    ['in a part already sent', 1 * 8000 + 45, 2],
  ] as const) {
    it(`${where}: refused with "the file changed while it was being sent", nothing finalized`, async () => {
      const { done, report } = await sendEditedMidway('edited.png', offset);
      expect(done.state).toBe('failed');
      expect(done.error).toMatchObject({ kind: 'file_changed', retryable: false });
      expect(done.error?.message).toContain('edited.png: the file changed while it was being sent');
      expect(done.error?.message).toContain('Nothing was finalized');
      expect(report?.state).toBe('uploading');
      // A segment whose bytes changed never reached X whole.
      if (segment > 4) expect(report?.segments).not.toContain(segment - 1);
      else expect(done.error?.message).toContain(`segment ${segment} of 10 differs`);
    });
  }
  // The re-hash before FINALIZE is skipped for a file not written to since the run began (write-quiet.ts), which
  // it trusts only for a file last changed over RACY_MARGIN_MS before: this file is left to settle that long, so
  // the edit is caught by its change time, not by the re-hash a freshly written file always gets.
  it('a settled file edited in a part already sent (same size, mtime restored) is still refused at FINALIZE', async () => {
    const { done, report, mtimeKept } = await sendEditedMidway('settled.png', 1 * 8000 + 45, async (path) => {
      // A whole-second mtime can be put back exactly (to the nanosecond): only the change time can tell the edit.
      const wholeSecond = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
      await utimes(path, wholeSecond, wholeSecond);
      await new Promise((resolve) => setTimeout(resolve, RACY_MARGIN_MS + 200));
    });
    expect(mtimeKept).toBe(true);
    expect(done.state).toBe('failed');
    expect(done.error?.message).toContain('settled.png: the file changed while it was being sent');
    expect(done.error?.message).toContain('segment 2 of 10 differs');
    expect(report?.state).toBe('uploading');
  });
});

/** Wraps a client to count the failures it throws, by kind. */
function countFailures(client: UploadClient, seen: Map<string, number>): UploadClient {
  const counted = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (thrown) {
      const kind = isXferFailure(thrown) ? thrown.error.kind : 'bug';
      seen.set(kind, (seen.get(kind) ?? 0) + 1);
      throw thrown;
    }
  };
  return {
    api: client.api,
    init: (request, options) => counted(() => client.init(request, options)),
    append: (mediaId, index, chunk, options) => counted(() => client.append(mediaId, index, chunk, options)),
    finalize: (mediaId, options) => counted(() => client.finalize(mediaId, options)),
    status: (mediaId, options) => counted(() => client.status(mediaId, options)),
    setAltText: (mediaId, text, options) => counted(() => client.setAltText(mediaId, text, options)),
    verifyCredentials: (options) => counted(() => client.verifyCredentials(options)),
  };
}

/** Wraps a client so APPENDs of segments ≥ `from` wait for `release()` (or the abort). */
function holdAppends(from: number) {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holding = true;
  const wrap = (client: UploadClient): UploadClient => ({
    api: client.api,
    init: (request, options) => client.init(request, options),
    append: async (mediaId, index, chunk, options) => {
      if (holding && index >= from) {
        await new Promise<void>((resolve, reject) => {
          void released.then(resolve);
          options?.signal?.addEventListener('abort', () => reject(options.signal?.reason as Error), { once: true });
        });
      }
      return client.append(mediaId, index, chunk, options);
    },
    finalize: (mediaId, options) => client.finalize(mediaId, options),
    status: (mediaId, options) => client.status(mediaId, options),
    setAltText: (mediaId, text, options) => client.setAltText(mediaId, text, options),
    verifyCredentials: (options) => client.verifyCredentials(options),
  });
  return {
    wrap,
    release: () => {
      holding = false;
      release();
    },
  };
}

describe('progress', () => {
  it('moves with the bytes of a segment in flight, before X acknowledges it', async () => {
    const events: ProgressEvent[] = [];
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const { engine, prepare } = await createWorld({
      engine: {
        events: {
          onProgress: (event) => events.push(event),
          onSessionChanged: () => undefined,
          onQueueStatus: () => undefined,
        },
      },
      // Reports sent bytes the way the transport does as a body goes out, until the test lets the APPEND go.
      clientWrap: (client) => ({
        ...client,
        api: client.api,
        init: (request, options) => client.init(request, options),
        finalize: (mediaId, options) => client.finalize(mediaId, options),
        status: (mediaId, options) => client.status(mediaId, options),
        setAltText: (mediaId, text, options) => client.setAltText(mediaId, text, options),
        verifyCredentials: (options) => client.verifyCredentials(options),
        append: async (mediaId, index, chunk, options) => {
          let sent = 0;
          const trickle = setInterval(() => options?.onBytesSent?.((sent = Math.min(chunk.length - 1, sent + 10))), 20);
          await released;
          clearInterval(trickle);
          return client.append(mediaId, index, chunk, options);
        },
      }),
    });
    const path = await makePng(fixtures, { width: 64, height: 48 });
    const session = await prepare(path, { accountId: 'v2-1', mediaType: 'image/png', mediaCategory: 'tweet_image' });

    engine.send([session.id]);
    await vi.waitFor(
      () => {
        const partial = events.find(
          (event) => event.segmentsAcked === 0 && event.bytesSent > 0 && event.bytesSent < session.totalBytes,
        );
        expect(partial).toMatchObject({ state: 'uploading', totalBytes: session.totalBytes });
      },
      { timeout: 4000, interval: 20 },
    );
    release();
    await engine.whenIdle();

    expect(events.at(-1)).toMatchObject({ state: 'succeeded', bytesSent: session.totalBytes, segmentsAcked: 1 });
    expect(events.every((event) => event.rateBps >= 0 && event.bytesSent <= session.totalBytes)).toBe(true);
  });
});

describe('resume', () => {
  it('after a stop, a new engine sends only the segments that were not acked', async () => {
    const { engine, sandbox, newEngine, hold, path, session } = await heldAfterFourAcks('resume.png');
    await engine.close();
    hold.release();

    const next = newEngine();
    expect(next.start()).toBe(1);
    await next.whenIdle();
    const { report } = await expectUploaded(session, path);
    expect(report.appendCount).toBe(10); // 4 before the stop + 6 after: nothing sent twice
    expect(sandbox.violations()).toEqual([]);
  });

  it('when X says the media id expired, starts over with a new INIT and says so', async () => {
    const hold = holdAppends(3);
    const { engine, ledger, prepare, dir, newEngine, advance, now } = await createWorld({
      sandbox: { expiresAfterSecs: 60 },
      clientWrap: (client) => hold.wrap(client),
      engine: { concurrency: { appendsPerUpload: 1 } },
    });
    const path = await pngLike(dir, 'expire.png', 50_000);
    const session = await prepare(path, {
      accountId: 'v1.1-1',
      mediaType: 'image/png',
      mediaCategory: 'tweet_image',
      chunkSize: 10_000,
      segmentsTotal: 5,
    });

    engine.send([session.id]);
    await vi.waitFor(() => expect(ledger.requireSession(session.id).segmentsAcked).toBe(3));
    await engine.close();
    hold.release();
    const first = ledger.requireSession(session.id).mediaId;
    advance(120_000); // the sandbox forgets the media id…
    ledger.updateSession(session.id, { expiresAt: now() + 3_600_000 }); // …while the ledger believes it lives

    const next = newEngine();
    next.start();
    await next.whenIdle();
    const { done, report } = await expectUploaded(session, path);
    expect(done.mediaId).not.toBe(first);
    expect(done.notice).toMatch(`X no longer knows media id ${first}`);
    expect(report.appendCount).toBe(5);
  });

  it('refuses a file modified after prepare; the sandbox never sees an INIT', async () => {
    const { engine, ledger, sandbox, prepare, dir } = await createWorld();
    const path = await pngLike(dir, 'changed.png', 5000);
    const session = await prepare(path, { accountId: 'v2-1', mediaType: 'image/png', mediaCategory: 'tweet_image' });
    await appendFile(path, Buffer.from('edited'));

    engine.send([session.id]);
    await engine.whenIdle();

    expect(ledger.requireSession(session.id)).toMatchObject({ state: 'failed', error: { kind: 'file_changed' } });
    expect(sandbox.mediaIds()).toEqual([]);
  });
});

describe('connectivity and limits', () => {
  it('waits while the sandbox is down and finishes by itself once it is back on the same port', async () => {
    const hold = holdAppends(2);
    const { engine, ledger, prepare, dir, restartSandbox } = await createWorld({
      clientWrap: (client) => hold.wrap(client),
      engine: { concurrency: { appendsPerUpload: 1 } },
    });
    const path = await pngLike(dir, 'offline.png', 40_000);
    const session = await prepare(path, {
      accountId: 'v2-1',
      mediaType: 'image/png',
      mediaCategory: 'tweet_image',
      chunkSize: 8000,
      segmentsTotal: 5,
    });

    engine.send([session.id]);
    await vi.waitFor(() => expect(ledger.requireSession(session.id).segmentsAcked).toBe(2));
    await world!.sandbox.close();
    hold.release();

    await vi.waitFor(() => expect(engine.status()).toMatchObject({ online: false, waitingForConnection: 1 }), {
      timeout: 10_000,
    });
    expect(ledger.requireSession(session.id)).toMatchObject({ state: 'ready', notice: WAITING_NOTICE });

    await restartSandbox();
    await engine.whenIdle();
    // The restarted sandbox lost its uploads, so the engine started over; the bytes are still right.
    await expectUploaded(session, path);
    expect(engine.status().online).toBe(true);
  });

  it('a 429 pauses only the account that hit it', async () => {
    const { engine, ledger, prepare, dir, statuses, setSkipLongWaits, advance } = await createWorld({
      // Small images go in one request (the one-shot), which counts against its own limit.
      sandbox: { rateLimits: { upload: 1 } },
      engine: { concurrency: { uploadsPerAccount: 1 } },
    });
    setSkipLongWaits(false);
    const first = await prepare(await pngLike(dir, 'a.png', 3000), {
      accountId: 'v2-1',
      mediaType: 'image/png',
      mediaCategory: 'tweet_image',
    });
    const second = await prepare(await pngLike(dir, 'b.png', 3000), {
      accountId: 'v2-1',
      mediaType: 'image/png',
      mediaCategory: 'tweet_image',
    });
    engine.send([first.id, second.id]);
    await vi.waitFor(() => expect(engine.status().paused.map((pause) => pause.accountId)).toEqual(['v2-1']), {
      timeout: 10_000,
    });

    const other = await prepare(await pngLike(dir, 'c.png', 3000), {
      accountId: 'v2-2',
      mediaType: 'image/png',
      mediaCategory: 'tweet_image',
    });
    engine.send([other.id]);
    await vi.waitFor(() => expect(ledger.requireSession(other.id).state).toBe('succeeded'), { timeout: 10_000 });
    expect(ledger.requireSession(second.id).state).toBe('uploading'); // still waiting for its window

    advance(15 * 60_000);
    await engine.whenIdle();
    expect(ledger.countByState().succeeded).toBe(3);
    expect(statuses.flatMap((status) => status.paused.map((pause) => pause.accountId))).not.toContain('v2-2');
  });
});

describe('small media in one request (reference §6)', () => {
  type Call = { method: string; bytesSent: number[] };
  /**
   * Records which client methods the engine called, and the bytes each one-shot attempt reported sending.
   * `beforeReport` runs before each count reaches the engine (a test moves the clock there: loopback takes a
   * small file faster than the engine's 250 ms between progress events).
   */
  function recording(calls: Call[], beforeReport: () => void = () => undefined) {
    return (client: UploadClient): UploadClient => {
      const wrapped: UploadClient = {
        api: client.api,
        init: (request, options) => (calls.push({ method: 'init', bytesSent: [] }), client.init(request, options)),
        append: (id, index, chunk, options) => (
          calls.push({ method: 'append', bytesSent: [] }),
          client.append(id, index, chunk, options)
        ),
        finalize: (id, options) => (calls.push({ method: 'finalize', bytesSent: [] }), client.finalize(id, options)),
        status: (id, options) => (calls.push({ method: 'status', bytesSent: [] }), client.status(id, options)),
        setAltText: (id, text, options) => client.setAltText(id, text, options),
        verifyCredentials: (options) => client.verifyCredentials(options),
      };
      if (client.uploadOnce) {
        const uploadOnce = client.uploadOnce.bind(client);
        wrapped.uploadOnce = (request, file, options) => {
          const call: Call = { method: 'uploadOnce', bytesSent: [] };
          calls.push(call);
          return uploadOnce(request, file, {
            ...options,
            onBytesSent: (bytes) => {
              call.bytesSent.push(bytes);
              beforeReport();
              options?.onBytesSent?.(bytes);
            },
          });
        };
      }
      return wrapped;
    };
  }

  async function mp4Like(dir: string, name: string, bytes: number): Promise<string> {
    const path = join(dir, name);
    const header = Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypisom')]);
    await writeFile(path, Buffer.concat([header, randomBytes(bytes - header.length)]));
    return path;
  }

  it('sends an image in one request: bytes intact, the same ledger states, progress to the last byte', async () => {
    const calls: Call[] = [];
    const states: string[] = [];
    const progress: ProgressEvent[] = [];
    let ledgerRef: Ledger | null = null;
    const { engine, ledger, prepare, dir } = await createWorld({
      clientWrap: recording(calls, () => world?.advance(300)),
      engine: {
        events: {
          onProgress: (event) => progress.push(event),
          onSessionChanged: (id) => {
            const state = ledgerRef?.getSession(id)?.state;
            if (state && states.at(-1) !== state) states.push(state);
          },
          onQueueStatus: () => undefined,
        },
      },
    });
    ledgerRef = ledger;
    const path = await pngLike(dir, 'one.png', 3 * MIB);
    const session = await prepare(path, { accountId: 'v2-1', mediaType: 'image/png', mediaCategory: 'tweet_image' });
    engine.send([session.id]);
    await engine.whenIdle();
    const { done, report } = await expectUploaded(session, path);
    expect(calls.map((call) => call.method)).toEqual(['uploadOnce']);
    expect(report.appendCount).toBe(1);
    expect(states).toEqual(['uploading', 'finalizing', 'succeeded']);
    expect(done).toMatchObject({ segmentsAcked: 1, segmentsTotal: 1 });
    expect(done.expiresAt).not.toBeNull();
    // Progress moved while the body went out, not only at the end.
    const sent = progress.filter((event) => event.state === 'uploading').map((event) => event.bytesSent);
    expect(sent.some((bytes) => bytes > 0 && bytes < 3 * MIB)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ state: 'succeeded', bytesSent: 3 * MIB });
  });

  it('a failed one-shot is sent again whole, re-signed, even when X stored it but the answer was lost', async () => {
    const calls: Call[] = [];
    // Seed 19: the first request gets a 503, the second is stored but answered 500, the third goes through.
    const { engine, prepare, dir } = await createWorld({
      clientWrap: recording(calls),
      sandbox: { faults: { rate: 0.5, seed: 19, kinds: ['503', '500-after-store'] } },
    });
    const path = await pngLike(dir, 'retried.png', 2 * MIB);
    const session = await prepare(path, { accountId: 'v2-1', mediaType: 'image/png', mediaCategory: 'tweet_image' });
    engine.send([session.id]);
    await engine.whenIdle();
    await expectUploaded(session, path);
    expect(calls.map((call) => call.method)).toEqual(['uploadOnce', 'uploadOnce', 'uploadOnce']);
    // Every attempt counted its bytes from 0 and the last one sent the whole file (an attempt cut before the
    // socket took its first bytes reports none).
    for (const call of calls) expect(call.bytesSent[0] ?? 0).toBeLessThan(2 * MIB);
    expect(calls.at(-1)?.bytesSent.at(-1)).toBe(2 * MIB);
  });

  it('an image edited in its middle after it was prepared (same size, mtime restored) is refused, nothing stored', async () => {
    const calls: Call[] = [];
    const { engine, ledger, sandbox, prepare, dir } = await createWorld({ clientWrap: recording(calls) });
    const path = await pngLike(dir, 'edited.png', 3 * MIB);
    const session = await prepare(path, { accountId: 'v2-1', mediaType: 'image/png', mediaCategory: 'tweet_image' });
    await segmentHashesFor(ledger, session); // as preparing does, before the edit
    await editInPlace(path, Math.floor(1.5 * MIB)); // beyond the fingerprint's edges
    engine.send([session.id]);
    await engine.whenIdle();
    const done = ledger.requireSession(session.id);
    expect(calls.map((call) => call.method)).toEqual(['uploadOnce']);
    expect(done.state).toBe('failed');
    expect(done.error).toMatchObject({ kind: 'file_changed', retryable: false });
    expect(done.error?.message).toContain('edited.png: the file changed while it was being sent');
    expect(done.mediaId).toBeNull();
    expect(sandbox.mediaIds()).toEqual([]);
  });

  it('a one-shot hashed when prepared reads no fingerprint (size and mtime only), and a changed edge is still refused', async () => {
    const calls: Call[] = [];
    const fingerprinted: string[] = [];
    const { engine, ledger, sandbox, prepare, dir } = await createWorld({
      clientWrap: recording(calls),
      engine: { fingerprint: async (path) => (fingerprinted.push(path), fingerprintFile(path)) },
    });
    const intact = await pngLike(dir, 'intact.png', 3 * MIB);
    const edited = await pngLike(dir, 'edge.png', 3 * MIB);
    const sessions = [];
    for (const path of [intact, edited]) {
      const session = await prepare(path, { accountId: 'v2-1', mediaType: 'image/png', mediaCategory: 'tweet_image' });
      await segmentHashesFor(ledger, session); // as preparing does
      sessions.push(session);
    }
    await editInPlace(edited, 3 * MIB - 10); // in the last MiB, which the fingerprint reads
    engine.send(sessions.map((session) => session.id));
    await engine.whenIdle();

    expect(fingerprinted).toEqual([]);
    await expectUploaded(sessions[0]!, intact);
    const refused = ledger.requireSession(sessions[1]!.id);
    expect(refused).toMatchObject({ state: 'failed', error: { kind: 'file_changed', retryable: false } });
    expect(refused.error?.message).toContain('edge.png: the file changed while it was being sent');
    expect(refused.mediaId).toBeNull();
    expect(sandbox.mediaIds()).toEqual([ledger.requireSession(sessions[0]!.id).mediaId]);
  });

  it('a one-shot sent while its prepare is still hashing it (xfer upload) waits for those hashes and reads no fingerprint', async () => {
    const fingerprinted: string[] = [];
    const { engine, ledger, prepare, dir } = await createWorld({
      engine: { fingerprint: async (path) => (fingerprinted.push(path), fingerprintFile(path)) },
    });
    const path = await pngLike(dir, 'at-once.png', 3 * MIB);
    const session = await prepare(path, { accountId: 'v2-1', mediaType: 'image/png', mediaCategory: 'tweet_image' });
    startSegmentHashes(ledger, session); // as preparing does; not awaited: the send starts at once
    engine.send([session.id]);
    await engine.whenIdle();

    expect(fingerprinted).toEqual([]);
    await expectUploaded(session, path);
  });

  it('a one-shot reads the fingerprint when its hash was not taken at prepare (taken now, or by an earlier attempt)', async () => {
    const fingerprinted: string[] = [];
    const { engine, ledger, prepare, dir } = await createWorld({
      engine: { fingerprint: async (path) => (fingerprinted.push(path), fingerprintFile(path)) },
    });
    const fresh = await pngLike(dir, 'fresh.png', 4000);
    const retried = await pngLike(dir, 'retried.png', 4000);
    const first = await prepare(fresh, { accountId: 'v2-1', mediaType: 'image/png', mediaCategory: 'tweet_image' });
    const second = await prepare(retried, {
      accountId: 'v2-1',
      mediaType: 'image/png',
      mediaCategory: 'tweet_image',
      attempts: 1,
    });
    await segmentHashesFor(ledger, second); // recorded, but maybe by the earlier attempt's sender
    engine.send([first.id, second.id]);
    await engine.whenIdle();

    expect(fingerprinted.sort()).toEqual([fresh, retried].sort());
    await expectUploaded(first, fresh);
    await expectUploaded(second, retried);
  });

  it('a retried one-shot prepared with an XXH64 edge hash is checked with XXH64: sent intact, refused once an edge changed', async () => {
    const { engine, ledger, sandbox, prepare, dir } = await createWorld();
    const intact = await pngLike(dir, 'intact-xxh.png', 3 * MIB);
    const edited = await pngLike(dir, 'edge-xxh.png', 3 * MIB);
    const sessions = [];
    for (const path of [intact, edited]) {
      const fingerprint = await fingerprintFile(path, 'xxh64');
      expect(fingerprint.edgeHash).toMatch(/^xxh64:/);
      const overrides = { accountId: 'v2-1', mediaType: 'image/png', mediaCategory: 'tweet_image' } as const;
      // attempts 1: a retry, whose hashes may not be the prepared bytes', so the edges are read again.
      sessions.push(await prepare(path, { ...overrides, fingerprint, attempts: 1 }));
    }
    await editInPlace(edited, 3 * MIB - 10); // in the last MiB, mtime put back
    engine.send(sessions.map((session) => session.id));
    await engine.whenIdle();

    await expectUploaded(sessions[0]!, intact);
    const refused = ledger.requireSession(sessions[1]!.id);
    expect(refused).toMatchObject({ state: 'failed', error: { kind: 'file_changed' } });
    expect(refused.error?.message).toMatch(/edge-xxh\.png changed after it was prepared \(its content changed\)/);
    expect(sandbox.mediaIds()).toEqual([ledger.requireSession(sessions[0]!.id).mediaId]);
  });

  it('a one-shot whose file grew or was touched after prepare is refused before any request', async () => {
    const { engine, ledger, sandbox, prepare, dir } = await createWorld();
    const grown = await pngLike(dir, 'grown.png', 4000);
    const touched = await pngLike(dir, 'touched.png', 4000);
    const sessions = [];
    for (const path of [grown, touched]) {
      const session = await prepare(path, { accountId: 'v2-1', mediaType: 'image/png', mediaCategory: 'tweet_image' });
      await segmentHashesFor(ledger, session);
      sessions.push(session);
    }
    await appendFile(grown, Buffer.from('more'));
    await utimes(touched, new Date(2001, 1, 1), new Date(2001, 1, 1));
    engine.send(sessions.map((session) => session.id));
    await engine.whenIdle();

    for (const session of sessions) {
      const done = ledger.requireSession(session.id);
      expect(done).toMatchObject({ state: 'failed', error: { kind: 'file_changed' } });
      expect(done.error?.message).toMatch(/changed after it was prepared.*Nothing was sent/);
    }
    expect(sandbox.requests().filter((entry) => entry.bucket !== null)).toEqual([]);
  });

  it('a video in one request waits for processing like a chunked one', async () => {
    const calls: Call[] = [];
    const { engine, ledger, prepare, dir } = await createWorld({ clientWrap: recording(calls) });
    const path = await mp4Like(dir, 'clip.mp4', 1 * MIB);
    const session = await prepare(path, { accountId: 'v2-1', mediaType: 'video/mp4', mediaCategory: 'tweet_video' });
    engine.send([session.id]);
    await engine.whenIdle();
    await expectUploaded(session, path);
    expect(calls.map((call) => call.method).filter((method) => method !== 'status')).toEqual(['uploadOnce']);
    expect(calls.some((call) => call.method === 'status')).toBe(true);
    expect(ledger.requireSession(session.id).processingPercent).toBe(100);
  });

  it('keeps the chunked flow where the one-shot does not apply: v1.1, amplify_video, more than one segment', async () => {
    const calls: Call[] = [];
    const { engine, prepare, dir } = await createWorld({ clientWrap: recording(calls) });
    const v1 = await prepare(await pngLike(dir, 'v1.png', 4000), {
      accountId: 'v1.1-1',
      mediaType: 'image/png',
      mediaCategory: 'tweet_image',
    });
    const amplify = await prepare(await mp4Like(dir, 'amplify.mp4', 4000), {
      accountId: 'v2-1',
      mediaType: 'video/mp4',
      mediaCategory: 'amplify_video',
    });
    const large = await prepare(await mp4Like(dir, 'large.mp4', 6 * MIB), {
      accountId: 'v2-2',
      mediaType: 'video/mp4',
      mediaCategory: 'tweet_video',
    });
    engine.send([v1.id, amplify.id, large.id]);
    await engine.whenIdle();
    for (const session of [v1, amplify, large]) await expectUploaded(session, session.file);
    const methods = calls.map((call) => call.method);
    expect(methods).not.toContain('uploadOnce');
    expect(methods.filter((method) => method === 'init')).toHaveLength(3);
  });
});

describe('APPENDs in flight that adapt, per account', () => {
  /** Counts APPENDs in flight, per media id and over all, and the highest each reached. */
  function tracking() {
    const now = new Map<string, number>();
    const peak = new Map<string, number>();
    let total = 0;
    let peakTotal = 0;
    const overlaps: boolean[] = [];
    const sharedStarts = new Map<string, number>();
    const wrap = (client: UploadClient): UploadClient => ({
      api: client.api,
      init: (request, options) => client.init(request, options),
      finalize: (id, options) => client.finalize(id, options),
      status: (id, options) => client.status(id, options),
      setAltText: (id, text, options) => client.setAltText(id, text, options),
      verifyCredentials: (options) => client.verifyCredentials(options),
      append: async (id, index, chunk, options) => {
        now.set(id, (now.get(id) ?? 0) + 1);
        peak.set(id, Math.max(peak.get(id) ?? 0, now.get(id)!));
        total++;
        peakTotal = Math.max(peakTotal, total);
        const busy = [...now.values()].filter((count) => count > 0);
        overlaps.push(busy.length > 1);
        // APPENDs each file started while the other one was sending too.
        if (busy.length > 1) sharedStarts.set(id, (sharedStarts.get(id) ?? 0) + 1);
        try {
          await client.append(id, index, chunk, options);
        } finally {
          now.set(id, (now.get(id) ?? 1) - 1);
          total--;
        }
      },
    });
    return {
      wrap,
      peak,
      peakTotal: () => peakTotal,
      overlapped: () => overlaps.some(Boolean),
      sharedStarts,
    };
  }

  it('two files on one account share its APPENDs: both progress at once, never more than the limit in all', async () => {
    const track = tracking();
    const { engine, ledger, prepare } = await createWorld({ clientWrap: track.wrap, sandbox: { latencyMs: 20 } });
    ledger.recordAppendsInFlight('v2-1', 4);
    const first = await prepare(await makePaddedVideo(fixtures, 41 * MIB), { accountId: 'v2-1' });
    const second = await prepare(await makePaddedVideo(fixtures, 42 * MIB), { accountId: 'v2-1' });
    engine.send([first.id, second.id]);
    await engine.whenIdle();
    expect(ledger.requireSession(first.id).state).toBe('succeeded');
    expect(ledger.requireSession(second.id).state).toBe('succeeded');
    expect(track.overlapped()).toBe(true);
    // The account's limit starts at 4 and moves one at a time from a remembered value: the two files
    // together stay near it, and while both send their shares stay close (a free permit goes to the
    // file holding fewer), instead of each running its own 16: both keep starting APPENDs side by side.
    expect(track.peakTotal()).toBeLessThanOrEqual(6);
    expect(track.sharedStarts.size).toBe(2);
    for (const started of track.sharedStarts.values()) expect(started).toBeGreaterThanOrEqual(2);
  });

  it("starts from the account's last good value in the ledger and keeps the new one there", async () => {
    const track = tracking();
    const { engine, ledger, prepare } = await createWorld({ clientWrap: track.wrap });
    ledger.recordAppendsInFlight('v2-1', 7);
    const session = await prepare(await makePaddedVideo(fixtures, 50 * MIB), { accountId: 'v2-1' });
    engine.send([session.id]);
    await engine.whenIdle();
    expect(ledger.requireSession(session.id).state).toBe('succeeded');
    expect(track.peakTotal()).toBeGreaterThanOrEqual(7);
    expect(track.peakTotal()).toBeLessThanOrEqual(8);
    const kept = ledger.appendsInFlight('v2-1');
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThanOrEqual(16);
  });

  it('a fixed appendsPerUpload keeps the old behaviour and leaves the ledger alone', async () => {
    const track = tracking();
    const { engine, ledger, prepare } = await createWorld({
      clientWrap: track.wrap,
      engine: { concurrency: { appendsPerUpload: 3 } },
    });
    const session = await prepare(await makePaddedVideo(fixtures, 40 * MIB), { accountId: 'v2-1' });
    engine.send([session.id]);
    await engine.whenIdle();
    expect(track.peakTotal()).toBe(3);
    expect(ledger.appendsInFlight('v2-1')).toBeNull();
  });
});
