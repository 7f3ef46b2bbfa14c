// The sandbox's batched part writer: every byte lands in order however the body is cut, the file is
// closed when the stream finishes, and a body that fails mid-way leaves no open handle behind.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batchedFileWriter } from '../../../main/core/sandbox/request-body.ts';
import { openFilesUnder } from '../../fakes/open-files.ts';
import { sha256OfFiles } from '../../../main/core/sandbox/segment-files.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xfer-body-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Cuts `bytes` into pieces of varied sizes, as TLS and the multipart parser do. */
function pieces(bytes: Buffer): Buffer[] {
  const sizes = [1, 16_384, 7, 1_048_576, 3_000_000, 65_536, 2];
  const out: Buffer[] = [];
  for (let offset = 0, turn = 0; offset < bytes.length; turn += 1) {
    const size = sizes[turn % sizes.length] as number;
    out.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return out;
}

describe('batchedFileWriter', () => {
  it('writes pieces of any size, below and across the batch size, in order', async () => {
    const bytes = randomBytes(9 * 1024 * 1024 + 123);
    const path = join(dir, 'part');
    await pipeline(Readable.from(pieces(bytes)), batchedFileWriter(path));
    expect((await readFile(path)).equals(bytes)).toBe(true);
  });

  it('an empty body makes an empty file', async () => {
    const path = join(dir, 'empty');
    await pipeline(Readable.from([]), batchedFileWriter(path));
    expect((await stat(path)).size).toBe(0);
  });

  it('a body that fails mid-way rejects and leaves the file closed', async () => {
    const path = join(dir, 'broken');
    async function* failing() {
      yield randomBytes(2 * 1024 * 1024);
      throw new Error('client went away');
    }
    await expect(pipeline(Readable.from(failing()), batchedFileWriter(path))).rejects.toThrow('client went away');
    // The descriptor table, not unlink (which succeeds on an open file on Linux), shows a handle left open.
    await new Promise((resolve) => setImmediate(resolve));
    expect(openFilesUnder(dir)).toEqual([]);
  });

  it('a folder that does not exist is an error, not a hang', async () => {
    await expect(
      pipeline(Readable.from([Buffer.from('x')]), batchedFileWriter(join(dir, 'missing', 'part'))),
    ).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('sha256OfFiles', () => {
  it('hashes files back to back as one stream, across its read size', async () => {
    const first = randomBytes(1_048_576 + 5);
    const second = randomBytes(3);
    await writeFile(join(dir, 'a'), first);
    await writeFile(join(dir, 'b'), second);
    const expected = createHash('sha256').update(first).update(second).digest('hex');
    expect(await sha256OfFiles([join(dir, 'a'), join(dir, 'b')])).toBe(expected);
  });
});
