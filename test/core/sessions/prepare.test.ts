// Preparing: a file that cannot be read is a draft saying why, never "file_changed" (nothing was prepared yet);
// a small file's segment hashes come from the read its fingerprint came from.
import { statSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountRegistry } from '../../../main/core/accounts/registry.ts';
import { Ledger } from '../../../main/core/ledger/ledger.ts';
import { fingerprintFile } from '../../../main/core/engine/fingerprint.ts';
import { segmentHashesSettled } from '../../../main/core/engine/segment-hash-jobs.ts';
import { createSegmentHash } from '../../../main/core/media/segment-hashes.ts';
import { prepareSessions } from '../../../main/core/sessions/prepare.ts';
import { makePng } from '../../fixtures/media.ts';
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

describe('a small file', () => {
  it('has the segment hashes of the bytes its fingerprint was taken of, not of an edit made after prepare', async () => {
    const copy = await makePng(dir, { width: 64, height: 48 });
    const original = await readFile(copy);
    const [session] = await prepareSessions({ ledger, accounts }, [{ path: copy, accountId: 'a1' }]);
    expect(session?.state).toBe('ready');
    // Edited in place at once, same size, its mtime put back: only the segment hashes can tell.
    const { mtime } = statSync(copy);
    writeFileSync(copy, Buffer.from(original).fill(0, 100, 200));
    utimesSync(copy, mtime, mtime);
    await segmentHashesSettled(ledger);
    // Its edges' hash is XXH64's, as the segment hashes are: SHA-256 would cost more than the rest of its prepare.
    expect(session?.fingerprint).toMatchObject({ size: original.length, edgeHash: await fingerprintOf(original) });
    expect(session?.fingerprint.edgeHash).toMatch(/^xxh64:/);
    expect(ledger.segmentHashes(session!.id)?.hashes).toEqual([await xxh64(original)]);
  });
});

async function xxh64(bytes: Uint8Array): Promise<string> {
  const hash = await createSegmentHash();
  hash.update(bytes);
  return hash.digest();
}

async function fingerprintOf(bytes: Uint8Array): Promise<string> {
  const other = join(dir, 'same-bytes.png');
  await writeFile(other, bytes);
  return (await fingerprintFile(other, 'xxh64')).edgeHash;
}
