// Preparing a file that cannot be read: the draft says why, never "file_changed" (nothing was prepared yet).
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountRegistry } from '../../../main/core/accounts/registry.ts';
import { Ledger } from '../../../main/core/ledger/ledger.ts';
import { prepareSessions } from '../../../main/core/sessions/prepare.ts';
import { InMemorySecretStore } from '../../fakes/secret-store.ts';
import { testAccount } from '../../fakes/session-builder.ts';

let dir: string;
let ledger: Ledger;
let accounts: AccountRegistry;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xfer-prepare-'));
  ledger = Ledger.openInMemory();
  ledger.insertAccount(testAccount('a1'));
  accounts = new AccountRegistry({ repository: ledger, secrets: new InMemorySecretStore() });
});
afterEach(async () => {
  ledger.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a file that cannot be read', () => {
  it('is a draft saying the file is missing (not_found), not that it changed', async () => {
    const [session] = await prepareSessions({ ledger, accounts }, [{ path: join(dir, 'gone.mp4'), accountId: 'a1' }]);
    expect(session).toMatchObject({ state: 'draft', error: { kind: 'not_found' } });
  });

  it("is a draft with the system's reason when it cannot be read (a folder here: root reads any file)", async () => {
    const folder = join(dir, 'clip.mp4');
    await mkdir(folder);
    const [session] = await prepareSessions({ ledger, accounts }, [{ path: folder, accountId: 'a1' }]);
    expect(session?.state).toBe('draft');
    expect(session?.error).toMatchObject({ kind: 'validation', message: expect.stringContaining('EISDIR') });
  });
});
