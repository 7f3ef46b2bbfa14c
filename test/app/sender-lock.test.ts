// One sender per data folder: the lock file, its holder, takeover of stale ones, and release —
// in this process and against real child processes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireSenderLock, processIsAlive, SENDER_LOCK_FILE, type SenderLock } from '../../main/app/sender-lock.ts';
import { toResult } from '../fakes/result.ts';
import { fill, smallDisk } from '../setup/small-disk.ts';

const LOCK_MODULE = new URL('../../main/app/sender-lock.ts', import.meta.url).href;

let dir: string;
let lockPath: string;
const held: SenderLock[] = [];
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xfer-sender-lock-'));
  lockPath = join(dir, SENDER_LOCK_FILE);
});
afterEach(async () => {
  for (const lock of held.splice(0)) lock.release();
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

function acquire(options: Parameters<typeof acquireSenderLock>[1] = {}): SenderLock {
  const lock = acquireSenderLock(dir, options);
  held.push(lock);
  return lock;
}

const refusal = (options: Parameters<typeof acquireSenderLock>[1] = {}) => toResult(async () => acquire(options));

/** A pid that surely ran and has ended. */
function deadPid(): number {
  const ended = spawnSync(process.execPath, ['-e', '']);
  expect(processIsAlive(ended.pid)).toBe(false);
  return ended.pid;
}

/** A Node child that takes the lock, says "held", and exits (normally) when its stdin closes. */
async function childHolding(): Promise<ChildProcess> {
  const script = `
    const { acquireSenderLock } = await import(${JSON.stringify(LOCK_MODULE)});
    acquireSenderLock(${JSON.stringify(dir)});
    process.stdout.write('held\\n');
    process.stdin.on('end', () => process.exit(0)).resume();
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (text: string) => text.includes('held') && resolve());
    child.once('exit', (code) => reject(new Error(`the child exited (${code}) before taking the lock`)));
  });
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

describe('acquireSenderLock', () => {
  it('writes {pid, startedAt, host} to <dataDir>/sender.lock', () => {
    const lock = acquire({ now: () => 1_700_000_000_000 });
    expect(lock.path).toBe(lockPath);
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toEqual({
      pid: process.pid,
      startedAt: 1_700_000_000_000,
      host: hostname(),
    });
  });

  it('refuses a second lock in the same process, naming the pid, until the first is released', async () => {
    const first = acquire();
    expect(await refusal()).toEqual({
      ok: false,
      error: expect.objectContaining({
        kind: 'environment',
        message: `Another Xfer (pid ${process.pid}) is sending from this data folder; wait for it or stop it`,
      }),
    });
    first.release();
    expect(existsSync(lockPath)).toBe(false);
    expect(acquire().holder.pid).toBe(process.pid);
  });

  it('refuses while a child process holds it; the child exiting normally releases it', async () => {
    const child = await childHolding();
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: child.pid });
    expect(await refusal()).toMatchObject({
      ok: false,
      error: { kind: 'environment', message: expect.stringContaining(`(pid ${child.pid})`) },
    });
    child.stdin!.end();
    await exited(child);
    expect(existsSync(lockPath)).toBe(false);
    expect(acquire().holder.pid).toBe(process.pid);
  });

  it('takes over the lock of a child that was killed (SIGKILL leaves the file behind)', async () => {
    const child = await childHolding();
    child.kill('SIGKILL');
    await exited(child);
    expect(existsSync(lockPath)).toBe(true);
    expect(acquire().holder.pid).toBe(process.pid);
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('on a full disk: "the disk holding … is full", and no empty lock left to turn the next sender away', async (context) => {
    const disk = smallDisk(dir, 'full', '64k');
    if ('cannot' in disk) return context.skip(disk.cannot);
    try {
      // tmpfs makes a file's inode on a full disk, so the lock is created and its write is what fails.
      fill(disk.mount);
      const refused = await toResult(async () => acquireSenderLock(disk.mount));
      expect(refused).toMatchObject({
        ok: false,
        error: {
          kind: 'environment',
          message: `The disk holding ${disk.mount} is full. Free some space and try again.`,
        },
      });
      expect(existsSync(join(disk.mount, SENDER_LOCK_FILE))).toBe(false);
    } finally {
      disk.unmount();
    }
  });

  it('takes over a lock whose pid is not alive', () => {
    writeFileSync(lockPath, JSON.stringify({ pid: deadPid(), startedAt: 1, host: hostname() }));
    acquire();
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
  });

  it('takes over a lock naming our own pid that this process does not hold (a killed run whose pid was reused)', () => {
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid, startedAt: 1, host: hostname() }));
    expect(acquire().holder.startedAt).not.toBe(1);
    expect(JSON.parse(readFileSync(lockPath, 'utf8')).startedAt).not.toBe(1);
  });

  it('takes over a lock taken on another host, whose pid means nothing here', () => {
    writeFileSync(lockPath, JSON.stringify({ pid: process.ppid, startedAt: 1, host: `not-${hostname()}` }));
    acquire();
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
  });

  it('treats an unreadable lock as being written (refused) unless it is old (taken over)', async () => {
    writeFileSync(lockPath, '');
    expect(await refusal()).toMatchObject({
      ok: false,
      error: { kind: 'environment', message: expect.stringMatching(/^Another Xfer is sending/) },
    });
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(lockPath, longAgo, longAgo);
    acquire();
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('on release, leaves alone a lock that another process took over meanwhile', () => {
    const mine = acquire();
    const theirs = JSON.stringify({ pid: process.ppid, startedAt: 2, host: hostname() });
    writeFileSync(lockPath, theirs);
    mine.release();
    mine.release();
    expect(readFileSync(lockPath, 'utf8')).toBe(theirs);
  });
});
