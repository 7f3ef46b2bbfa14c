// A full disk is named, never a stack trace: `xfer prefs` exits 3 and leaves the file as it was, and a send
// whose ledger runs out of room says "the disk holding … is full", waits, and goes on when space returns.
// The data folder lives on a small tmpfs made for the test (mount needs root: without it the tests skip, saying so).
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox, type Sandbox } from '../../main/core/sandbox/index.ts';
import { makePaddedVideo, makePng } from '../fixtures/media.ts';
import { startPrivateSecretService, type PrivateSecretService } from '../setup/secret-service.ts';
import { fill, smallDisk as makeSmallDisk } from '../setup/small-disk.ts';
import { addApiAccount, jsonOf, startXfer, xfer } from './run-xfer.ts';

const MIB = 1024 * 1024;

let secretService: PrivateSecretService;
let work: string;
let env: NodeJS.ProcessEnv;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  secretService = await startPrivateSecretService();
  work = await mkdtemp(join(tmpdir(), 'xfer-cli-disk-full-'));
  env = { ...secretService.env, XFER_KEYCHAIN_SERVICE: `xfer-test-${randomUUID()}` };
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) cleanup();
  await secretService?.stop();
  await rm(work, { recursive: true, force: true });
});

/** A tmpfs of `size` under the work folder, unmounted after the tests, or why one cannot be made here. */
function smallDisk(name: string, size: string): { mount: string } | { cannot: string } {
  const disk = makeSmallDisk(work, name, size);
  if ('unmount' in disk) cleanups.push(disk.unmount);
  return disk;
}

describe('a full disk', () => {
  it('xfer prefs KEY VALUE: exit 3, "the disk holding … is full", the file as it was', async (context) => {
    const disk = smallDisk('prefs', '64k');
    if ('cannot' in disk) return context.skip(disk.cannot);
    const dataDir = join(disk.mount, 'data');
    expect((await xfer(['--data-dir', dataDir, 'prefs', 'concurrency', '3'], env)).code).toBe(0);
    const file = join(dataDir, 'preferences.json');
    const before = readFileSync(file, 'utf8');
    fill(disk.mount);
    const outcome = await xfer(['--data-dir', dataDir, 'prefs', 'concurrency', '5'], env);
    expect(outcome.code, outcome.stderr).toBe(3);
    expect(outcome.stderr).toContain(`The disk holding ${dataDir} is full`);
    expect(outcome.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('mid-send: the CLI says the disk holding the data folder is full, waits, and finishes once space returns', async (context) => {
    const disk = smallDisk('send', '8m');
    if ('cannot' in disk) return context.skip(disk.cannot);
    // 2 MB/s per request: each 5 MiB APPEND takes seconds, so the disk fills before X acknowledges one.
    const sandbox: Sandbox = await startSandbox({ bandwidthBytesPerSec: 2 * MIB });
    cleanups.push(() => void sandbox.close());
    const dataDir = join(disk.mount, 'data');
    expect((await addApiAccount(dataDir, 'sandbox', sandbox, env)).code).toBe(0);
    const video = await makePaddedVideo(work, 12 * MIB);
    const running = startXfer(['--data-dir', dataDir, '--json', 'upload', video, '--account', 'sandbox'], env);
    let stderr = '';
    running.child.stderr?.on('data', (text: string) => (stderr += text));
    await vi.waitFor(() => expect(sandbox.mediaIds()).toHaveLength(1), { timeout: 30_000, interval: 20 });
    const filler = fill(disk.mount);
    await vi.waitFor(() => expect(stderr).toContain(`The disk holding ${dataDir} is full`), {
      timeout: 60_000,
      interval: 100,
    });
    rmSync(filler);
    const outcome = await running.done;
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stderr).not.toMatch(/\n\s+at /);
    const [session] = jsonOf<{ sessions: { state: string; media_id: string }[] }>(outcome).sessions;
    expect(session?.state).toBe('succeeded');
    const sha256 = createHash('sha256')
      .update(await readFile(video))
      .digest('hex');
    expect(await sandbox.digest(session!.media_id)).toBe(sha256);
  });

  it('a send that starts on a full disk: exit 3, the message, no lock left behind; the next send goes once space returns', async (context) => {
    const disk = smallDisk('start', '1m');
    if ('cannot' in disk) return context.skip(disk.cannot);
    const sandbox: Sandbox = await startSandbox();
    cleanups.push(() => void sandbox.close());
    const dataDir = join(disk.mount, 'data');
    expect((await addApiAccount(dataDir, 'sandbox', sandbox, env)).code).toBe(0);
    const image = await makePng(work, { width: 32, height: 32 });
    expect((await xfer(['--data-dir', dataDir, 'prepare', image, '--account', 'sandbox'], env)).code).toBe(0);
    const filler = fill(disk.mount);
    const refused = await xfer(['--data-dir', dataDir, 'send', '--all'], env);
    expect(refused.code, refused.stderr).toBe(3);
    // The ledger (its WAL) or the sender lock finds the disk full first, whichever writes first.
    expect(refused.stderr).toMatch(/The disk holding \S+ is full/);
    expect(refused.stderr).toContain(`The disk holding ${dataDir}`);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    // An empty lock left behind would turn the next sender away as "Another Xfer is sending".
    expect(existsSync(join(dataDir, 'sender.lock'))).toBe(false);
    rmSync(filler);
    const sent = await xfer(['--data-dir', dataDir, '--json', 'send', '--all'], env);
    expect(sent.code, sent.stderr).toBe(0);
    expect(jsonOf<{ sessions: { state: string }[] }>(sent).sessions.map((session) => session.state)).toEqual([
      'succeeded',
    ]);
  });
});
