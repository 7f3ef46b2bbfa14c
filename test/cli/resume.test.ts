// The engine's "done when" items that need a real process to die: `xfer send` killed with SIGKILL
// at many points always resumes; an expired media id starts over; a lost API is waited for; a file
// changed after prepare is refused. The sandbox runs in this test process (it must outlive each
// child), reached by an account added with `xfer accounts add --api-base URL --offline`, whose
// secrets go to a private, real Secret Service (test/setup/secret-service.ts).
import { createHash, randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_FILE } from '../../main/app/open-ledger.ts';
import { Ledger } from '../../main/core/ledger/index.ts';
import type { Session } from '../../main/common/session.ts';
import { startSandbox, type Sandbox } from '../../main/core/sandbox/index.ts';
import { MAX_IN_FLIGHT } from '../../main/core/engine/in-flight-controller.ts';
import { makePaddedVideo, makePng } from '../fixtures/media.ts';
import { startPrivateSecretService, type PrivateSecretService } from '../setup/secret-service.ts';
import { addApiAccount, jsonOf, startXfer, xfer, type RunningXfer, type XferOutcome } from './run-xfer.ts';

const MIB = 1024 * 1024;
/** The most APPENDs one account has in flight (the adaptive controller's bound). */
const APPENDS_IN_FLIGHT = MAX_IN_FLIGHT;

let secretService: PrivateSecretService;
let work: string;
let dataDir: string;
let env: NodeJS.ProcessEnv;
let ledger: Ledger;
const sandboxes: Sandbox[] = [];

beforeAll(async () => {
  secretService = await startPrivateSecretService();
  work = await mkdtemp(join(tmpdir(), 'xfer-cli-resume-'));
  dataDir = join(work, 'data');
  env = { ...secretService.env, XFER_KEYCHAIN_SERVICE: `xfer-test-${randomUUID()}` };
});
afterAll(async () => {
  ledger?.close();
  for (const sandbox of sandboxes) await sandbox.close();
  await secretService?.stop();
  await rm(work, { recursive: true, force: true });
});

const run = (...args: string[]): Promise<XferOutcome> => xfer(['--data-dir', dataDir, ...args], env);
const start = (...args: string[]): RunningXfer => startXfer(['--data-dir', dataDir, ...args], env);

async function sandboxAt(options: Parameters<typeof startSandbox>[0] = {}): Promise<Sandbox> {
  const sandbox = await startSandbox(options);
  sandboxes.push(sandbox);
  return sandbox;
}

/** The account a user would add for a self-hosted API: secrets from the environment, into the keychain. */
async function addAccount(name: string, sandbox: Sandbox): Promise<void> {
  const outcome = await addApiAccount(dataDir, name, sandbox, env);
  expect(outcome.code, outcome.stderr).toBe(0);
  ledger ??= Ledger.open(join(dataDir, LEDGER_FILE));
}

async function prepareOne(file: string, account: string): Promise<string> {
  const outcome = await run('prepare', file, '--account', account, '--json');
  expect(outcome.code, outcome.stderr).toBe(0);
  return jsonOf<{ sessions: { id: string }[] }>(outcome).sessions[0]!.id;
}

function session(id: string): Session {
  return ledger.requireSession(id);
}

/** Polls until `ready()` holds; fails with the child's output if the child ends first. */
async function until(ready: () => boolean, child: RunningXfer, what: string): Promise<void> {
  let ended: XferOutcome | null = null;
  void child.done.then((outcome) => (ended = outcome));
  while (!ready()) {
    if (ended) throw new Error(`xfer ended before ${what}: ${JSON.stringify(ended)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** After a kill, an APPEND whose body had fully arrived may still be counted: wait until the count rests. */
async function settled(sandbox: Sandbox, id: string): Promise<number> {
  let count = appendsSeen(sandbox, id);
  for (let still = 0; still < 5;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = appendsSeen(sandbox, id);
    still = now === count ? still + 1 : 0;
    count = now;
  }
  return count;
}

function appendsSeen(sandbox: Sandbox, id: string): number {
  const mediaId = session(id).mediaId;
  return mediaId ? (sandbox.inspect(mediaId)?.appendCount ?? 0) : 0;
}

describe('xfer send after SIGKILL', () => {
  it('resumes at 10 different kill points, re-sending at most the segments in flight at each kill', async () => {
    // 21 segments of up to 5 MiB, each APPEND slowed to ~20 MB/s so kills land mid-upload.
    const sandbox = await sandboxAt({ bandwidthBytesPerSec: 20 * MIB });
    await addAccount('killed', sandbox);
    const file = await makePaddedVideo(work, 100 * MIB + 1 * MIB);
    const id = await prepareOne(file, 'killed');
    expect(session(id).segmentsTotal).toBe(21);

    const killPoints = [1, 3, 5, 7, 9, 11, 13, 15, 17, 19]; // APPENDs the sandbox has taken, re-sends included
    let mediaId: string | null = null;
    for (const point of killPoints) {
      const child = start('send', id);
      await until(() => appendsSeen(sandbox, id) >= point, child, `${point} appends`);
      child.child.kill('SIGKILL');
      expect((await child.done).signal).toBe('SIGKILL');
      await settled(sandbox, id);
      const after = session(id);
      expect(['ready', 'uploading']).toContain(after.state);
      mediaId ??= after.mediaId;
      expect(after.mediaId).toBe(mediaId); // resumed on the same media id, never started over
    }

    const finished = await run('send', id, '--json');
    expect(finished.code, finished.stderr).toBe(0);
    expect(session(id).state).toBe('succeeded');
    const report = sandbox.inspect(mediaId!)!;
    expect(report.state).toBe('succeeded');
    expect(report.segments).toHaveLength(21);
    expect(await sandbox.digest(report.mediaId)).toBe(
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex'),
    );
    expect(report.appendCount - report.segments.length).toBeLessThanOrEqual(APPENDS_IN_FLIGHT * killPoints.length);
  });
});

describe('xfer send interrupted by SIGINT or SIGTERM', () => {
  it('stops cleanly with 130 or 143, leaves the session resumable, and the next send completes it', async () => {
    const sandbox = await sandboxAt({ bandwidthBytesPerSec: 4 * MIB });
    await addAccount('interrupted', sandbox);
    // 21 segments: more than two runs' APPENDs in flight (8 at first, then what the account learnt), so each
    // signal lands while segments are left to send.
    const file = await makePaddedVideo(work, 101 * MIB);
    const id = await prepareOne(file, 'interrupted');
    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const) {
      const before = await settled(sandbox, id);
      const child = start('send', id);
      await until(() => appendsSeen(sandbox, id) > before, child, 'an append of this run');
      child.child.kill(signal);
      const outcome = await child.done;
      expect(outcome.code, outcome.stderr).toBe(code);
      // One line says what stopped and the exact command that resumes it.
      const said = outcome.stderr.split('\n').filter((line) => line.startsWith('xfer:'));
      expect(said).toEqual([`xfer: interrupted; 0 of 1 file uploaded. Resume with: xfer send ${id.slice(0, 8)}`]);
      expect(['ready', 'uploading']).toContain(session(id).state);
    }
    sandbox.setBandwidth(0);
    const finished = await run('send', id);
    expect(finished.code, finished.stderr).toBe(0);
    expect(session(id).state).toBe('succeeded');
  });
});

describe('xfer send with a media id that expired while it was stopped', () => {
  it('starts over with a new INIT and completes', async () => {
    const sandbox = await sandboxAt({ expiresAfterSecs: 4, bandwidthBytesPerSec: 2 * MIB });
    await addAccount('expiring', sandbox);
    const file = await makePaddedVideo(work, 11 * MIB);
    const id = await prepareOne(file, 'expiring');

    const child = start('send', id);
    await until(() => appendsSeen(sandbox, id) >= 1, child, 'the first append');
    child.child.kill('SIGKILL');
    await child.done;
    const stale = session(id).mediaId!;
    await until(() => sandbox.inspect(stale)?.state === 'expired', { ...child, done: new Promise(() => {}) }, 'expiry');
    // The ledger still believes the id is good for an hour: only X (the sandbox) knows it is gone.
    ledger.updateSession(id, { expiresAt: Date.now() + 3_600_000 });
    sandbox.setBandwidth(0);

    const outcome = await run('send', id, '--json');
    expect(outcome.code, outcome.stderr).toBe(0);
    const fresh = session(id).mediaId!;
    expect(fresh).not.toBe(stale);
    expect(sandbox.inspect(fresh)?.state).toBe('succeeded');
  });
});

describe('xfer without a connection', () => {
  it('prepares offline, waits in send while the API is down, and completes when it is back on the same port', async () => {
    const first = await sandboxAt();
    const port = first.port;
    await addAccount('flaky', first);
    await first.close();
    sandboxes.splice(sandboxes.indexOf(first), 1);

    const image = await makePng(work, { width: 40, height: 30 });
    const id = await prepareOne(image, 'flaky');
    expect(session(id).state).toBe('ready');

    const child = start('send', id);
    await until(() => session(id).notice === 'Waiting for connection', child, 'waiting for the connection');
    const back = await sandboxAt({ port });
    const outcome = await child.done;
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stderr).toContain('waiting for the connection');
    expect(session(id).state).toBe('succeeded');
    expect(back.inspect(session(id).mediaId!)?.state).toBe('succeeded');
  });
});

describe('xfer send of a file modified after prepare', () => {
  it('refuses with a clear message and sends nothing', async () => {
    const sandbox = await sandboxAt();
    await addAccount('careful', sandbox);
    const original = await makePng(work, { width: 50, height: 50 });
    const file = join(work, 'edited.png');
    await copyFile(original, file);
    const id = await prepareOne(file, 'careful');
    await writeFile(file, Buffer.concat([await readFile(original), Buffer.from('appended later')]));

    const outcome = await run('send', id, '--json');
    expect(outcome.code).toBe(1);
    const sent = session(id);
    expect(sent.state).toBe('failed');
    expect(sent.error?.kind).toBe('file_changed');
    expect(sent.error?.message).toMatch(/edited\.png changed after it was prepared.*Nothing was sent/);
    expect(sent.mediaId).toBeNull();
  });
});
