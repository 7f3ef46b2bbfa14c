// Segment hashes: one per segment of the plan, recorded once (the background job and the sender share it).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { segmentHashesFor, startSegmentHashes } from '../../../main/core/engine/segment-hash-jobs.ts';
import { fingerprintFile } from '../../../main/core/engine/fingerprint.ts';
import { Ledger } from '../../../main/core/ledger/ledger.ts';
import { createSegmentHash, hashSegments, hashSegmentsOf } from '../../../main/core/media/segment-hashes.ts';
import { newSession, testAccount } from '../../fakes/session-builder.ts';

let dir: string;
let ledger: Ledger;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xfer-segment-hashes-'));
  ledger = Ledger.open(join(dir, 'ledger.db'));
  ledger.insertAccount(testAccount('a1'));
});
afterEach(async () => {
  ledger.close();
  await rm(dir, { recursive: true, force: true });
});

async function hashOf(bytes: Uint8Array): Promise<string> {
  const hash = await createSegmentHash();
  hash.update(bytes);
  return hash.digest();
}

describe('segment hashes', () => {
  it('hash each segment of the plan on its own, the last one short', async () => {
    const bytes = randomBytes(25_000);
    const path = join(dir, 'file.bin');
    await writeFile(path, bytes);
    const hashes = await hashSegments(path, { chunkSize: 10_000, segmentsTotal: 3 }, bytes.length);
    expect(hashes).toEqual([
      await hashOf(bytes.subarray(0, 10_000)),
      await hashOf(bytes.subarray(10_000, 20_000)),
      await hashOf(bytes.subarray(20_000)),
    ]);
    expect(new Set(hashes).size).toBe(3);
    expect(hashes[0]).toMatch(/^[0-9a-f]{16}$/);
  });

  it('from bytes in memory are those hashSegments reads from the file', async () => {
    const bytes = randomBytes(25_000);
    const path = join(dir, 'file.bin');
    await writeFile(path, bytes);
    const plan = { chunkSize: 10_000, segmentsTotal: 3 };
    expect(await hashSegmentsOf(bytes, plan)).toEqual(await hashSegments(path, plan, bytes.length));
  });

  it('taken in the background after prepare, recorded in the ledger, and the sender gets the same ones', async () => {
    const path = join(dir, 'card.bin');
    await writeFile(path, randomBytes(30_000));
    const fingerprint = await fingerprintFile(path);
    const session = ledger.insertSession(
      newSession({ file: path, fingerprint, accountId: 'a1', totalBytes: 30_000, chunkSize: 8000, segmentsTotal: 4 }),
    );
    expect(ledger.segmentHashes(session.id)).toBeNull();
    startSegmentHashes(ledger, session);
    const forSending = await segmentHashesFor(ledger, session);
    expect(ledger.segmentHashes(session.id)).toEqual(forSending);
    expect(forSending).toMatchObject({ chunkSize: 8000, algorithm: 'xxh64' });
    expect(forSending.hashes).toEqual(await hashSegments(path, session, 30_000));
  });

  it('a file gone before it could be hashed fails the send as file_changed, naming it', async () => {
    const path = join(dir, 'gone.bin');
    await writeFile(path, randomBytes(10));
    const session = ledger.insertSession(
      newSession({ file: path, fingerprint: await fingerprintFile(path), accountId: 'a1', totalBytes: 10 }),
    );
    await rm(path);
    await expect(segmentHashesFor(ledger, session)).rejects.toMatchObject({
      error: { kind: 'file_changed', message: expect.stringContaining('gone.bin') },
    });
  });
});
