// What overlaps (issue 18, item 3), read from the order of requests at the real sandbox, never from time:
// the fingerprint check runs while INIT is on the way and ends before the first APPEND; the next file's
// INIT goes out before this file's FINALIZE is answered; the STATUS polls of two processing files go out on
// one loop. Each test would stall then fail on the old order (a gate waits for the overlap, then gives up).
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FileFingerprint, Session } from '../../../main/common/session.ts';
import { fingerprintFile } from '../../../main/core/engine/fingerprint.ts';
import { abortableSleep, type EngineOptions } from '../../../main/core/engine/options.ts';
import { UploadEngine } from '../../../main/core/engine/upload-engine.ts';
import { Ledger } from '../../../main/core/ledger/ledger.ts';
import type { NewSession } from '../../../main/core/ledger/ledger.ts';
import { SANDBOX_USERS, startSandbox, type LoggedRequest, type Sandbox } from '../../../main/core/sandbox/index.ts';
import { createUploadClient } from '../../../main/core/x-api/index.ts';
import { makePaddedVideo } from '../../fixtures/media.ts';
import { newSession, testAccount } from '../../fakes/session-builder.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** Resolves when `test` holds, or after `giveUpMs` (the old order never gets there: the assertion then fails). */
async function eventually(test: () => boolean, giveUpMs = 3000): Promise<void> {
  const deadline = Date.now() + giveUpMs;
  while (!test() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
}

interface World {
  sandbox: Sandbox;
  ledger: Ledger;
  engine: UploadEngine;
  dir: string;
  clock: { offset: number };
  prepare(path: string, overrides?: Partial<NewSession>): Promise<Session>;
}

async function createWorld(engineOptions: Partial<EngineOptions> = {}, processingMs = 100): Promise<World> {
  const dir = await mkdtemp(join(tmpdir(), 'xfer-overlap-'));
  const clock = { offset: 0 };
  const now = () => Date.now() + clock.offset;
  const sandbox = await startSandbox({ now, processingMs });
  const ledger = Ledger.open(join(dir, 'ledger.db'));
  ledger.insertAccount(
    testAccount('a1', { api: 'v2', userId: SANDBOX_USERS[0]!.userId, apiBase: sandbox.url, uploadBase: sandbox.url }),
  );
  const user = SANDBOX_USERS[0]!;
  const engine = new UploadEngine({
    ledger,
    accounts: ledger,
    clientFor: async () =>
      createUploadClient({
        api: 'v2',
        endpoints: { apiBase: sandbox.url, uploadBase: sandbox.url },
        credentials: {
          consumerKey: sandbox.consumerKey,
          consumerSecret: sandbox.consumerSecret,
          token: user.token,
          tokenSecret: user.tokenSecret,
        },
        now,
      }),
    events: { onProgress: () => undefined, onSessionChanged: () => undefined, onQueueStatus: () => undefined },
    probe: async () => true,
    now,
    sleep: (ms, signal) => abortableSleep(Math.min(ms, 5), signal),
    ...engineOptions,
  });
  cleanups.push(async () => {
    await engine.close();
    ledger.close();
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    sandbox,
    ledger,
    engine,
    dir,
    clock,
    prepare: async (path, overrides = {}) => {
      const fingerprint = await fingerprintFile(path);
      // 1,000-byte segments: a small file still goes chunked (INIT, APPENDs, FINALIZE).
      return ledger.insertSession(
        newSession({
          file: path,
          fingerprint,
          accountId: 'a1',
          api: 'v2',
          totalBytes: fingerprint.size,
          mediaType: 'image/png',
          mediaCategory: 'tweet_image',
          chunkSize: 1000,
          segmentsTotal: Math.ceil(fingerprint.size / 1000),
          ...overrides,
        }),
      );
    },
  };
}

async function pngLike(dir: string, name: string, bytes: number): Promise<string> {
  const path = join(dir, name);
  const header = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await writeFile(path, Buffer.concat([header, randomBytes(bytes - header.length)]));
  return path;
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The media requests of a step that reached the application, in arrival order. */
const arrived = (entries: LoggedRequest[], bucket: string) => entries.filter((entry) => entry.bucket === bucket);

describe('overlap, by the order of requests at the sandbox', () => {
  it('reads the fingerprint while INIT is on the way, and checks it before the first APPEND', async () => {
    let world: World | null = null;
    let journalAtCheck: LoggedRequest[] = [];
    const fingerprint = async (path: string): Promise<FileFingerprint> => {
      const read = await fingerprintFile(path);
      // The check ends only once INIT has reached X (the old order never sends INIT first, so this gives up).
      await eventually(() => arrived(world!.sandbox.requests(), 'initialize').length > 0);
      journalAtCheck = world!.sandbox.requests();
      return read;
    };
    world = await createWorld({ fingerprint });
    const path = await pngLike(world.dir, 'a.png', 5000);
    const session = await world.prepare(path);

    world.engine.send([session.id]);
    await world.engine.whenIdle();

    expect(arrived(journalAtCheck, 'initialize')).toHaveLength(1);
    expect(arrived(journalAtCheck, 'append')).toEqual([]); // no byte of the file before the check
    const done = world.ledger.requireSession(session.id);
    expect(done.state).toBe('succeeded');
    expect(await world.sandbox.digest(done.mediaId!)).toBe(await sha256(path));
  });

  it('a file changed after prepare gets an INIT at most: no APPEND, no FINALIZE, failed as file_changed', async () => {
    const world = await createWorld();
    const path = await pngLike(world.dir, 'changed.png', 5000);
    const session = await world.prepare(path);
    await appendFile(path, Buffer.from('edited'));

    world.engine.send([session.id]);
    await world.engine.whenIdle();

    expect(world.ledger.requireSession(session.id)).toMatchObject({ state: 'failed', error: { kind: 'file_changed' } });
    const buckets = world.sandbox.requests().map((entry) => entry.bucket);
    expect(buckets.filter((bucket) => bucket !== null && bucket !== 'initialize')).toEqual([]);
  });

  it("sends the next file's INIT before this file's FINALIZE is answered (one upload per account)", async () => {
    const world = await createWorld({ concurrency: { uploadsPerAccount: 1 } });
    const first = await world.prepare(await pngLike(world.dir, 'first.png', 5000));
    const second = await world.prepare(await pngLike(world.dir, 'second.png', 6000));
    // FINALIZE of the first file is held until the second file's INIT has reached the sandbox.
    world.sandbox.setAnswerGate(async (entry) => {
      if (entry.bucket !== 'finalize' || entry.totalBytes !== null) return;
      const firstId = world.ledger.requireSession(first.id).mediaId;
      if (entry.mediaId !== firstId) return;
      await eventually(() => arrived(world.sandbox.requests(), 'initialize').some((init) => init.totalBytes === 6000));
    });

    world.engine.send([first.id, second.id]);
    await world.engine.whenIdle();

    const journal = world.sandbox.requests();
    const firstId = world.ledger.requireSession(first.id).mediaId;
    const secondInit = arrived(journal, 'initialize').find((entry) => entry.totalBytes === 6000);
    const firstFinalized = journal.find(
      (entry) => entry.answeredSeq !== null && entry.bucket === 'finalize' && entry.mediaId === firstId,
    );
    expect(secondInit).toBeDefined();
    expect(firstFinalized).toBeDefined();
    expect(secondInit!.seq).toBeLessThan(firstFinalized!.answeredSeq!);
    // The second file's APPENDs began only after the first file's last one: one upload sends at a time.
    const firstLastAppend = Math.max(
      ...arrived(journal, 'append')
        .filter((entry) => entry.mediaId === firstId)
        .map((entry) => entry.seq),
    );
    const secondId = world.ledger.requireSession(second.id).mediaId;
    const secondFirstAppend = Math.min(
      ...arrived(journal, 'append')
        .filter((entry) => entry.mediaId === secondId)
        .map((entry) => entry.seq),
    );
    expect(secondFirstAppend).toBeGreaterThan(firstLastAppend);
    expect(world.ledger.countByState().succeeded).toBe(2);
  });

  it('polls STATUS of two processing videos on one loop: one wait for both, then a STATUS for each', async () => {
    // Every engine wait is held until the test lets it go (moving the shared clock by its length).
    const waits: { ms: number; go: () => void }[] = [];
    let clock: { offset: number } = { offset: 0 };
    const sleep = (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        const wait = {
          ms,
          go: () => {
            clock.offset += ms;
            resolve();
          },
        };
        waits.push(wait);
        signal?.addEventListener('abort', () => {
          waits.splice(waits.indexOf(wait), 1);
          reject(signal.reason);
        });
      });
    const world = await createWorld(
      { sleep, processing: { minPollIntervalMs: 1000, maxPollIntervalMs: 1000 } },
      60_000,
    );
    clock = world.clock;
    const sessions: Session[] = [];
    for (const bytes of [40_000, 50_000]) {
      const path = await makePaddedVideo(world.dir, bytes);
      sessions.push(
        await world.prepare(path, {
          mediaType: 'video/mp4',
          mediaCategory: 'tweet_video',
          chunkSize: 16_000,
          segmentsTotal: Math.ceil(bytes / 16_000),
        }),
      );
    }
    const processing = () =>
      sessions.every((session) => world.ledger.requireSession(session.id).state === 'processing');
    const statuses = () => arrived(world.sandbox.requests(), 'status');

    world.engine.send(sessions.map((session) => session.id));
    await vi.waitFor(() => expect(processing()).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 20)); // let both runs reach their next poll

    expect(waits).toHaveLength(1); // one loop: one wait for both files
    expect(statuses()).toHaveLength(0);
    waits[0]!.go();
    await eventually(() => statuses().length >= 2 && waits.length === 1);
    const ids = sessions.map((session) => world.ledger.requireSession(session.id).mediaId);
    expect(
      statuses()
        .map((entry) => entry.mediaId)
        .sort(),
    ).toEqual([...ids].sort());
    expect(waits).toHaveLength(1);
  });
});
