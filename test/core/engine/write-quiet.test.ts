import { mkdtemp, utimes, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RACY_MARGIN_MS, stampFile, unwrittenBetween } from '../../../main/core/engine/write-quiet.ts';

// The stamps are taken with a clock set past the racy margin, so a file written a moment ago counts as settled.
const later = () => Date.now() + RACY_MARGIN_MS + 1_000;

async function file(): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'write-quiet-')), 'clip.mp4');
  await writeFile(path, Buffer.alloc(4096, 1));
  return path;
}

describe('unwrittenBetween', () => {
  it('holds for a file nothing touched between the stamps', async () => {
    const path = await file();
    expect(unwrittenBetween(await stampFile(path, later), await stampFile(path, later))).toBe(true);
  });

  it('fails for an edit in place at the same size with its mtime put back', async () => {
    const path = await file();
    const before = await stampFile(path, later);
    const { atime, mtime } = await stat(path);
    await new Promise((resolve) => setTimeout(resolve, 20)); // past the file system's clock tick
    await writeFile(path, Buffer.alloc(4096, 2));
    await utimes(path, atime, mtime);
    expect((await stat(path)).mtimeMs).toBe(mtime.getTime());
    expect(unwrittenBetween(before, await stampFile(path, later))).toBe(false);
  });

  it('does not trust a file changed within the racy margin before the first stamp', async () => {
    const path = await file();
    expect(unwrittenBetween(await stampFile(path), await stampFile(path))).toBe(false);
  });

  it('does not trust a missing stamp (a file that could not be read)', async () => {
    const path = await file();
    expect(await stampFile(join(path, 'absent'))).toBeNull();
    expect(unwrittenBetween(null, await stampFile(path, later))).toBe(false);
  });
});
