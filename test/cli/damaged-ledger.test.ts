// A damaged or unusable ledger is an environment error: exit 3 and one line naming the file and what to do,
// never exit 70 with a stack trace. Each case is made for real: bytes cut or overwritten, a schema from a
// newer Xfer, a file the OS will not let anyone write, a full disk (a small tmpfs), an unknown row state,
// and a ledger emptied to 0 bytes beside account secrets in a real (private) Secret Service.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, openSync, closeSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_FILE } from '../../main/app/open-ledger.ts';
import { Ledger } from '../../main/core/ledger/index.ts';
import { newSession, testAccount } from '../fakes/session-builder.ts';
import { startPrivateSecretService, type PrivateSecretService } from '../setup/secret-service.ts';
import { addApiAccount, xfer, type XferOutcome } from './run-xfer.ts';

let work: string;
let secretService: PrivateSecretService;
let env: NodeJS.ProcessEnv;
const cleanups: (() => void)[] = [];
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'xfer-damaged-ledger-'));
  secretService = await startPrivateSecretService();
  env = { ...secretService.env, XFER_KEYCHAIN_SERVICE: `xfer-test-${randomUUID()}` };
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) cleanup();
  await secretService?.stop();
  await rm(work, { recursive: true, force: true });
});

let folders = 0;
/** A data folder holding a healthy ledger with an account and 200 sessions, checkpointed into one file. */
function healthyFolder(): { dataDir: string; ledger: string } {
  const dataDir = join(work, `data-${++folders}`);
  mkdirSync(dataDir);
  const path = join(dataDir, LEDGER_FILE);
  const ledger = Ledger.open(path);
  ledger.insertAccount(testAccount('a1'));
  ledger.insertSessions(Array.from({ length: 200 }, (_, i) => newSession({ accountId: 'a1', file: `/m/${i}.png` })));
  ledger.close();
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = DELETE');
  db.close();
  return { dataDir, ledger: path };
}

function expectEnvironmentError(outcome: XferOutcome, ledger: string, says: string): void {
  expect(outcome.code, outcome.stderr).toBe(3);
  const lines = outcome.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(ledger);
  expect(lines[0]).toContain(says);
  expect(outcome.stderr).not.toMatch(/\n\s+at |internal error/);
}

const sessions = (dataDir: string) => xfer(['--data-dir', dataDir, 'sessions'], env);

describe('a damaged or unusable ledger', () => {
  it('truncated: exit 3, "is damaged", move it aside', async () => {
    const { dataDir, ledger } = healthyFolder();
    truncateSync(ledger, Math.floor(statSync(ledger).size / 2));
    expectEnvironmentError(await sessions(dataDir), ledger, 'is damaged');
    expect((await sessions(dataDir)).stderr).toContain('Move it aside');
  });

  it('random bytes: exit 3, "is damaged (file is not a database)"', async () => {
    const { dataDir, ledger } = healthyFolder();
    writeFileSync(ledger, randomBytes(64 * 1024));
    expectEnvironmentError(await sessions(dataDir), ledger, 'is damaged (file is not a database)');
  });

  it('a corrupt page the first query would not read: found at open, exit 3', async () => {
    const { dataDir, ledger } = healthyFolder();
    const handle = openSync(ledger, 'r+');
    writeSync(handle, randomBytes(4096), 0, 4096, 4096 * 3);
    closeSync(handle);
    expectEnvironmentError(await sessions(dataDir), ledger, 'is damaged');
  });

  it('a newer schema version: exit 3, "update Xfer"', async () => {
    const { dataDir, ledger } = healthyFolder();
    const db = new DatabaseSync(ledger);
    db.exec('PRAGMA user_version = 999');
    db.close();
    expectEnvironmentError(await sessions(dataDir), ledger, 'was written by a newer Xfer (schema version 999');
  });

  it('an unknown state in a row: exit 3, naming the state', async () => {
    const { dataDir, ledger } = healthyFolder();
    const db = new DatabaseSync(ledger);
    db.exec("UPDATE sessions SET state = 'bogus' WHERE rowid = (SELECT min(rowid) FROM sessions)");
    db.close();
    expectEnvironmentError(await sessions(dataDir), ledger, 'a session is in the state "bogus"');
  });

  it('a read-only file in a writable folder: exit 3, "make it writable"', async (context) => {
    const { dataDir, ledger } = healthyFolder();
    // Root writes through file modes, so the file is made immutable instead (chattr +i) where that works.
    const immutable = process.getuid?.() === 0;
    if (immutable) {
      const made = spawnSync('chattr', ['+i', ledger]);
      if (made.status !== 0) return context.skip('running as root and chattr +i is not possible on this disk');
      cleanups.push(() => void spawnSync('chattr', ['-i', ledger]));
    } else {
      execFileSync('chmod', ['a-w', ledger]);
    }
    expectEnvironmentError(await sessions(dataDir), ledger, 'cannot be written');
    expect((await sessions(dataDir)).stderr).toContain('chmod u+w');
  });

  it('a full disk on first open: exit 3, "the disk holding … is full"', async (context) => {
    const mount = join(work, 'full');
    mkdirSync(mount);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount]);
    if (mounted.status !== 0) return context.skip(`cannot mount a small tmpfs here (${String(mounted.stderr).trim()})`);
    cleanups.push(() => void spawnSync('umount', ['-l', mount]));
    const dataDir = join(mount, 'data');
    mkdirSync(dataDir);
    // Fill what is left: writes of one page until the disk refuses.
    const filler = openSync(join(mount, 'filler'), 'w');
    try {
      for (;;) writeSync(filler, Buffer.alloc(4096, 1));
    } catch {
      // ENOSPC: the disk is full
    } finally {
      closeSync(filler);
    }
    expectEnvironmentError(await sessions(dataDir), join(dataDir, LEDGER_FILE), 'is full');
  });

  it('a 0-byte ledger beside account secrets in the keychain: damaged, not a fresh start', async () => {
    const dataDir = join(work, 'emptied');
    const added = await addApiAccount(
      dataDir,
      'kept',
      { url: 'http://127.0.0.1:9', consumerKey: 'ck', consumerSecret: 'cs', users: [{ token: 't', tokenSecret: 's' }] },
      env,
    );
    expect(added.code, added.stderr).toBe(0);
    const ledger = join(dataDir, LEDGER_FILE);
    for (const suffix of ['-wal', '-shm']) spawnSync('rm', ['-f', `${ledger}${suffix}`]);
    truncateSync(ledger, 0);
    expectEnvironmentError(await sessions(dataDir), ledger, 'is empty (0 bytes), but the keychain holds secrets');
    expect(statSync(ledger).size).toBe(0);
  });
});
