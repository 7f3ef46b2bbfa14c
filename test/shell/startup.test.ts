// Start-up failures with the stand-in electron: a data folder or a ledger that cannot be opened
// shows a native dialog with the CLI's exit-3 message and quits with 3 (no window, no unhandled
// rejection); a recovery offered for a failure runs when chosen and the app then opens.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ensureDataDir } from '../../main/app/data-dir.ts';
import { isXferFailure } from '../../main/common/errors.ts';
import type { RecoveryFinder } from '../../main/startup.ts';
import { InMemorySecretStore } from '../fakes/secret-store.ts';
import { createFakeElectron, FakeStore, type FakeElectron } from '../fakes/electron.ts';

const root = mkdtempSync(join(tmpdir(), 'xfer-startup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

async function launch(userData: string, dialogAnswers: number[] = []): Promise<FakeElectron> {
  const fake = createFakeElectron(userData);
  fake.dialogAnswers.push(...dialogAnswers);
  vi.resetModules();
  vi.doMock('electron', () => fake.module);
  vi.doMock('electron-store', () => ({ default: FakeStore }));
  await import('../../main/index.ts');
  await fake.ready();
  return fake;
}

/** What `xfer` prints before it exits 3 for the same folder. */
async function cliMessage(dataDir: string): Promise<string> {
  try {
    await ensureDataDir(dataDir);
  } catch (thrown) {
    if (isXferFailure(thrown)) return thrown.error.message;
  }
  throw new Error('expected a failure');
}

describe('start-up failures', () => {
  it('a data folder that cannot be created: a dialog with the CLI’s message, exit 3, no window', async () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const userData = join(blocker, 'xfer');
    const fake = await launch(userData);
    expect(fake.windows).toHaveLength(0);
    expect(fake.exits).toEqual([3]);
    expect(fake.dialogs).toHaveLength(1);
    expect(fake.dialogs[0]).toMatchObject({
      type: 'error',
      title: 'Xfer cannot use its data folder',
      detail: await cliMessage(userData),
      buttons: ['Quit'],
    });
    expect(String(fake.dialogs[0]!['detail'])).toContain(userData);
    expect(unhandled).toEqual([]);
  });

  it('a ledger that is not a database: a dialog naming the file, exit 3, no window', async () => {
    const userData = join(root, 'damaged');
    mkdirSync(userData);
    writeFileSync(join(userData, 'ledger.sqlite'), Buffer.alloc(8192, 0x5a));
    const fake = await launch(userData, [1]); // "Quit" rather than moving it aside
    expect(fake.windows).toHaveLength(0);
    expect(fake.exits).toEqual([3]);
    expect(fake.dialogs[0]).toMatchObject({ type: 'error', title: 'Xfer cannot open its ledger' });
    expect(String(fake.dialogs[0]!['detail'])).toContain(join(userData, 'ledger.sqlite'));
    expect(unhandled).toEqual([]);
  });
});

describe('the recovery hook (a damaged ledger moved aside, as issue 20 plugs in)', () => {
  it('offers the recovery as the first button, runs it when chosen and opens the app', async () => {
    const userData = join(root, 'recoverable');
    mkdirSync(userData);
    const ledger = join(userData, 'ledger.sqlite');
    writeFileSync(ledger, Buffer.alloc(8192, 0x5a));
    const fake = createFakeElectron(userData);
    vi.resetModules();
    vi.doMock('electron', () => fake.module);
    const { openWithDialogs } = await import('../../main/startup-dialog.ts');
    const moveAside: RecoveryFinder = (failure) =>
      failure.step === 'ledger'
        ? { label: 'Move the damaged ledger aside', run: async () => renameSync(ledger, `${ledger}.damaged`) }
        : null;
    fake.dialogAnswers.push(0, 0); // "Move … aside", then continue past a keychain warning if one comes
    const services = await openWithDialogs({ dataDir: userData, sandbox: 'off' }, [moveAside]);
    try {
      expect(services).not.toBeNull();
      expect(fake.dialogs[0]).toMatchObject({ buttons: ['Move the damaged ledger aside', 'Quit'] });
      expect(services!.ledger.listSessions()).toEqual([]);
    } finally {
      await services?.close();
    }
  });

  it('quits when the user declines the recovery', async () => {
    const userData = join(root, 'declined');
    mkdirSync(userData);
    writeFileSync(join(userData, 'ledger.sqlite'), Buffer.alloc(8192, 0x5a));
    const fake = createFakeElectron(userData);
    vi.resetModules();
    vi.doMock('electron', () => fake.module);
    const { openWithDialogs } = await import('../../main/startup-dialog.ts');
    const ran: string[] = [];
    fake.dialogAnswers.push(1); // "Quit"
    const services = await openWithDialogs({ dataDir: userData, sandbox: 'off' }, [
      () => ({ label: 'Fix it', run: async () => void ran.push('fix') }),
    ]);
    expect(services).toBeNull();
    expect(ran).toEqual([]);
  });
});

describe('a damaged ledger in the app (issue 20): the CLI’s message, and moving it aside', () => {
  it('offers to move it aside; chosen, the file is kept beside a new ledger and the window opens', async () => {
    const userData = join(root, 'app-damaged');
    mkdirSync(userData);
    const ledger = join(userData, 'ledger.sqlite');
    const damaged = Buffer.alloc(8192, 0x5a);
    writeFileSync(ledger, damaged);
    const fake = createFakeElectron(userData);
    fake.dialogAnswers.push(0, 0); // "Move … aside", then past a keychain warning if one comes
    vi.resetModules();
    vi.doMock('electron', () => fake.module);
    vi.doMock('electron-store', () => ({ default: FakeStore }));
    await import('../../main/index.ts');
    await fake.ready();
    expect(fake.dialogs[0]).toMatchObject({
      type: 'error',
      title: 'Xfer cannot open its ledger',
      buttons: ['Move the damaged ledger aside and start a new one', 'Quit'],
    });
    expect(String(fake.dialogs[0]!['detail'])).toBe(
      `The ledger ${ledger} is damaged (file is not a database). Move it aside (e.g. mv "${ledger}" ` +
        `"${ledger}.damaged") and Xfer starts a new, empty ledger; the app offers to do it.`,
    );
    expect(fake.exits).toEqual([]);
    expect(fake.windows).toHaveLength(1);
    const aside = readdirSync(userData).filter((name) => name.startsWith('ledger.sqlite.damaged-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(userData, aside[0]!))).toEqual(damaged);
    expect(unhandled).toEqual([]);
  });

  it('a ledger from a newer Xfer: the message says to update, no move offered, exit 3', async () => {
    const userData = join(root, 'app-newer');
    mkdirSync(userData);
    const ledger = join(userData, 'ledger.sqlite');
    const db = new DatabaseSync(ledger);
    db.exec('PRAGMA user_version = 999');
    db.close();
    const fake = await launch(userData);
    expect(fake.exits).toEqual([3]);
    expect(fake.dialogs[0]).toMatchObject({ buttons: ['Quit'] });
    expect(String(fake.dialogs[0]!['detail'])).toContain('was written by a newer Xfer (schema version 999');
    expect(readdirSync(userData).filter((name) => name.includes('damaged'))).toEqual([]);
  });
});

describe('a keychain that cannot keep secrets', () => {
  async function openWithBrokenKeychain(answer: number) {
    const userData = join(root, `keychain-${answer}`);
    const fake = createFakeElectron(userData);
    vi.resetModules();
    vi.doMock('electron', () => fake.module);
    const { openWithDialogs } = await import('../../main/startup-dialog.ts');
    const { XferFailure, xferError } = await import('../../main/common/errors.ts');
    const message = 'No Secret Service is available to keep account secrets. To fix it: …';
    const secretStore = Object.assign(new InMemorySecretStore(), {
      ensureAvailable: async () => {
        throw new XferFailure(xferError('environment', message));
      },
    });
    fake.dialogAnswers.push(answer);
    const services = await openWithDialogs({ dataDir: userData, sandbox: 'off', secretStore });
    return { fake, services, message };
  }

  it('warns with the fix and runs on when the user continues', async () => {
    const { fake, services, message } = await openWithBrokenKeychain(0);
    try {
      expect(fake.dialogs).toEqual([
        expect.objectContaining({
          type: 'warning',
          title: 'Xfer cannot reach the keychain',
          detail: message,
          buttons: ['Continue without the keychain', 'Quit'],
        }),
      ]);
      expect(services).not.toBeNull();
    } finally {
      await services?.close();
    }
  });

  it('quits (closing what it opened) when the user chooses Quit', async () => {
    const { services } = await openWithBrokenKeychain(1);
    expect(services).toBeNull();
  });
});
