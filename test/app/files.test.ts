import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative as relativePath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileRegistry } from '../../main/app/files.ts';
import { makePng } from '../fixtures/media.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xfer-files-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the file registry', () => {
  it('gives previewable media a preview and other files none', async () => {
    const png = await makePng(dir, { width: 8, height: 8 });
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'hello');
    const files = new FileRegistry();
    const [image, notes] = await files.register([png, text]);
    expect(image?.previewUrl).toBe(`xfer-media://${image?.fileId}`);
    expect(notes).toMatchObject({ name: 'notes.txt', size: 5, previewUrl: null });
    expect(files.resolvePreview(notes!.fileId)).toBeNull();
    expect(files.path(notes!.fileId)).toBe(text);
  });

  it('refuses a relative path instead of resolving it against the working directory', async () => {
    const png = await makePng(dir, { width: 8, height: 8 });
    const relative = relativePath(process.cwd(), png);
    const files = new FileRegistry();
    await expect(files.register([relative])).rejects.toMatchObject({
      error: { kind: 'bad_request', message: expect.stringContaining('absolute') },
    });
  });

  it('refuses folders and missing files', async () => {
    const files = new FileRegistry();
    await expect(files.register([dir])).rejects.toThrow(/is not a file/);
    await expect(files.register([join(dir, 'missing.png')])).rejects.toThrow(/Cannot read missing\.png/);
    expect(() => files.path('file_unknown')).toThrow(/no longer known/);
  });
});
