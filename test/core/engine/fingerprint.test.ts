import { mkdtemp, rm, truncate, utimes, writeFile, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeChange,
  edgeHashAlgorithmOf,
  edgeHashOf,
  fingerprintFile,
} from '../../../main/core/engine/fingerprint.ts';
import { randomBytes } from 'node:crypto';
import { isXferFailure } from '../../../main/common/errors.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xfer-fingerprint-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fingerprintFile', () => {
  it('hashes the first and last MiB of a large file', async () => {
    const path = join(dir, 'large.bin');
    const head = Buffer.alloc(1024 * 1024, 1);
    const tail = Buffer.alloc(1024 * 1024, 2);
    await writeFile(path, head);
    await truncate(path, 10 * 1024 * 1024);
    const handle = await open(path, 'r+');
    await handle.write(tail, 0, tail.length, 9 * 1024 * 1024);
    await handle.close();
    const fingerprint = await fingerprintFile(path);
    expect(fingerprint.size).toBe(10 * 1024 * 1024);
    expect(fingerprint.edgeHash).toBe(createHash('sha256').update(head).update(tail).digest('hex'));
  });

  it('hashes a small file once (head and tail overlap)', async () => {
    const path = join(dir, 'small.txt');
    await writeFile(path, 'hello');
    expect((await fingerprintFile(path)).edgeHash).toBe(createHash('sha256').update('hello').digest('hex'));
  });

  it('changes when a byte near the end changes', async () => {
    const path = join(dir, 'edit.bin');
    await writeFile(path, Buffer.alloc(3 * 1024 * 1024));
    const before = await fingerprintFile(path);
    const handle = await open(path, 'r+');
    await handle.write(Buffer.from([9]), 0, 1, 3 * 1024 * 1024 - 5);
    await handle.close();
    const after = await fingerprintFile(path);
    expect(after.edgeHash).not.toBe(before.edgeHash);
    expect(describeChange(before, after)).toBe('its content changed');
  });

  it('refuses a file that is gone, as file_changed', async () => {
    const thrown = await fingerprintFile(join(dir, 'missing.bin')).catch((error: unknown) => error);
    expect(isXferFailure(thrown) && thrown.error.kind).toBe('file_changed');
  });
});

describe('edgeHashOf', () => {
  it('gives, from the bytes in memory, what fingerprintFile reads from the file: small, 2 MiB, and larger', async () => {
    for (const size of [10, 2 * 1024 * 1024, 2 * 1024 * 1024 + 300_000]) {
      const bytes = randomBytes(size);
      const path = join(dir, `edges-${size}.bin`);
      await writeFile(path, bytes);
      expect(await edgeHashOf(bytes)).toBe((await fingerprintFile(path)).edgeHash);
      expect(await edgeHashOf(bytes, 'xxh64')).toBe((await fingerprintFile(path, 'xxh64')).edgeHash);
    }
  });
});

describe('an XXH64 edge hash', () => {
  it('says it is one, and notices a byte changed in the last MiB of a large file as SHA-256 does', async () => {
    const path = join(dir, 'xxh-large.bin');
    await writeFile(path, randomBytes(3 * 1024 * 1024));
    const prepared = await fingerprintFile(path, 'xxh64');
    expect(prepared.edgeHash).toMatch(/^xxh64:[0-9a-f]{16}$/);
    expect(edgeHashAlgorithmOf(prepared.edgeHash)).toBe('xxh64');
    expect(edgeHashAlgorithmOf((await fingerprintFile(path)).edgeHash)).toBe('sha256');
    const handle = await open(path, 'r+');
    await handle.write(Buffer.from([0, 1, 2, 3]), 0, 4, 3 * 1024 * 1024 - 10);
    await handle.close();
    const { mtimeMs } = prepared;
    await utimes(path, mtimeMs / 1000, mtimeMs / 1000);
    expect(describeChange(prepared, await fingerprintFile(path, 'xxh64'))).toBe('its content changed');
  });
});

describe('describeChange', () => {
  const prepared = { size: 10, mtimeMs: 5, edgeHash: 'aa' };

  it('says nothing for the same file', () => {
    expect(describeChange(prepared, { ...prepared })).toBeNull();
  });

  it('names a size change', () => {
    expect(describeChange(prepared, { ...prepared, size: 11 })).toMatch(/size changed from 10 to 11/);
  });

  it('names a touched file', async () => {
    const path = join(dir, 'touched.txt');
    await writeFile(path, 'same');
    const before = await fingerprintFile(path);
    await utimes(path, new Date(2000, 1, 1), new Date(2000, 1, 1));
    expect(describeChange(before, await fingerprintFile(path))).toMatch(/modified/);
  });
});
