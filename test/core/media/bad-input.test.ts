// Files that cannot be inspected: each a clear result with a `file` finding, never a crash or a hang.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, chmod, copyFile, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeFileSource, type FileSource } from '../../../main/core/media/file-source.ts';
import { inspectFile } from '../../../main/core/media/inspect.ts';
import { InspectionFailure } from '../../../main/core/media/inspect-failure.ts';
import type { ValidationResult } from '../../../main/common/media-types.ts';
import { validateFile } from '../../../main/core/media/validate-file.ts';
import { makeGif, makePng, makeVideo } from '../../fixtures/media.ts';
import { useTempDir } from './temp-dir.ts';

const dir = useTempDir('bad-input');
let video = '';
let movAtEnd = '';
let png = '';
let gif = '';

beforeAll(async () => {
  [video, movAtEnd, png, gif] = await Promise.all([
    makeVideo(dir.path, { seconds: 1, width: 64, height: 64, fps: 30, codec: 'h264' }),
    makeVideo(dir.path, { seconds: 1, width: 64, height: 64, fps: 30, codec: 'h264', faststart: false }),
    makePng(dir.path, { width: 32, height: 32 }),
    makeGif(dir.path, { frames: 3, width: 32, height: 32 }),
  ]);
});

function fileFinding(result: ValidationResult) {
  expect(result.ok).toBe(false);
  expect(result.inspection).toBeNull();
  expect(result.findings).toHaveLength(1);
  return result.findings[0]!;
}

async function writeTruncated(source: string, name: string, keep: (length: number) => number): Promise<string> {
  const bytes = await readFile(source);
  const path = join(dir.path, name);
  await writeFile(path, bytes.subarray(0, keep(bytes.length)));
  return path;
}

/** Where the top-level `moov` box starts (size field) in an MP4 file. */
function moovStart(bytes: Buffer): number {
  return bytes.indexOf(Buffer.from('moov')) - 4;
}

describe('validateFile on bad input', () => {
  it('reports a missing file', async () => {
    const finding = fileFinding(await validateFile(join(dir.path, 'gone.mp4'), { tier: 'standard' }));
    expect(finding).toMatchObject({
      field: 'file',
      code: 'file.missing',
      message: 'gone.mp4 does not exist (moved or deleted?)',
    });
  });

  it('reports a folder', async () => {
    expect(fileFinding(await validateFile(dir.path, { tier: 'standard' })).code).toBe('file.directory');
  });

  it('reports a file it may not read', async () => {
    const path = join(dir.path, 'locked.png');
    await copyFile(png, path);
    await chmod(path, 0o000);
    await chmod(dir.path, 0o755);
    let result: ValidationResult;
    // Root reads any file whatever its mode, so drop to `nobody` for this one read (glibc applies
    // seteuid to every thread, libuv's pool included) and come back.
    const seteuid = process.getuid?.() === 0 ? process.seteuid : undefined;
    seteuid?.(65534);
    try {
      result = await validateFile(path, { tier: 'standard' });
    } finally {
      seteuid?.(0);
    }
    expect(fileFinding(result)).toMatchObject({
      code: 'file.unreadable',
      message: 'Xfer is not allowed to read locked.png (permission denied)',
    });
  });

  it('reports an empty file', async () => {
    const path = join(dir.path, 'empty.mp4');
    await writeFile(path, '');
    expect(fileFinding(await validateFile(path, { tier: 'standard' }))).toMatchObject({
      code: 'file.empty',
      message: 'empty.mp4 is empty (0 bytes)',
    });
  });

  it('reports an MP4 cut short in its media data', async () => {
    const path = await writeTruncated(video, 'cut-mdat.mp4', (length) => length - 100);
    const finding = fileFinding(await validateFile(path, { tier: 'standard' }));
    expect(finding.code).toBe('file.truncated');
    expect(finding.message).toMatch(/^cut-mdat\.mp4 is cut short: its 'mdat' box needs \d+ bytes but the file has \d+/);
  });

  it('reports an MP4 whose moov, at the end, is cut short', async () => {
    const path = await writeTruncated(movAtEnd, 'cut-moov.mp4', (length) => length - 50);
    expect(fileFinding(await validateFile(path, { tier: 'standard' })).message).toContain("its 'moov' box needs");
  });

  it('reports an MP4 with no moov at all', async () => {
    const bytes = await readFile(movAtEnd);
    const path = join(dir.path, 'no-moov.mp4');
    await writeFile(path, bytes.subarray(0, moovStart(bytes)));
    expect(fileFinding(await validateFile(path, { tier: 'standard' })).code).toBe('file.corrupt');
  });

  it('reports an MP4 whose moov is garbage', async () => {
    const bytes = await readFile(video);
    const start = moovStart(bytes);
    const size = bytes.readUInt32BE(start);
    randomBytes(size - 8).copy(bytes, start + 8);
    const path = join(dir.path, 'garbage-moov.mp4');
    await writeFile(path, bytes);
    const finding = fileFinding(await validateFile(path, { tier: 'standard' }));
    expect(finding.code).toBe('file.corrupt');
    expect(finding.message).toContain('garbage-moov.mp4');
  });

  it('reports a damaged GIF', async () => {
    const path = await writeTruncated(gif, 'cut.gif', (length) => Math.floor(length / 2));
    expect(fileFinding(await validateFile(path, { category: 'tweet_gif', tier: 'standard' })).message).toMatch(
      /^cut\.gif is a damaged GIF/,
    );
  });

  it('refuses text and random bytes named .mp4 by what they are', async () => {
    const text = join(dir.path, 'text.mp4');
    const noise = join(dir.path, 'noise.mp4');
    await writeFile(text, 'hello\n');
    await writeFile(noise, randomBytes(4096));
    for (const path of [text, noise]) {
      const result = await validateFile(path, { tier: 'standard' });
      expect(result.ok).toBe(false);
      expect(result.findings.map((finding) => finding.code)).toEqual(['media_type.unrecognized']);
    }
  });

  it('holds bytes of no known type to no category size: a 6 MB archive is told only what it is not', async () => {
    const path = join(dir.path, 'archive.bin');
    await writeFile(path, randomBytes(6 * 1024 * 1024));
    const result = await validateFile(path, { tier: 'standard' });
    expect(result.findings.map((finding) => finding.code)).toEqual(['media_type.unrecognized']);
    expect(result.fields.total_bytes.status).toBe('ok');
    // What it would have to be: any type X takes, not only the fallback category's images.
    for (const type of ['image/png', 'video/mp4', 'text/srt']) expect(result.fields.media_type.limit).toContain(type);
  });

  it('reports a symbolic link loop', async () => {
    const first = join(dir.path, 'loop-a.mp4');
    const second = join(dir.path, 'loop-b.mp4');
    await symlink(second, first);
    await symlink(first, second);
    expect(fileFinding(await validateFile(first, { tier: 'standard' })).code).toBe('file.symlink_loop');
  });

  it('refuses a named pipe without waiting for a writer', async () => {
    const path = join(dir.path, 'pipe.mp4');
    await promisify(execFile)('mkfifo', [path]);
    expect(fileFinding(await validateFile(path, { tier: 'standard' })).code).toBe('file.not_regular');
  });

  /** The real file system, except that another writer appends to the file during the first read. */
  function appendingSource(path: string): FileSource {
    return {
      stat: (target) => nodeFileSource.stat(target),
      async open(target) {
        const opened = await nodeFileSource.open(target);
        let appended = false;
        return {
          ...opened,
          async read(buffer, position) {
            const count = await opened.read(buffer, position);
            if (!appended) {
              appended = true;
              await appendFile(path, randomBytes(1024));
            }
            return count;
          },
        };
      },
    };
  }

  it('reports a file that changes while it is read', async () => {
    const path = join(dir.path, 'growing.mp4');
    await copyFile(video, path);
    const finding = fileFinding(await validateFile(path, { tier: 'standard', source: appendingSource(path) }));
    expect(finding).toMatchObject({
      code: 'file.changed',
      message: expect.stringMatching(/^growing\.mp4 changed while Xfer was reading it/),
    });
  });

  it('fails inspection of a changing file as file_changed', async () => {
    const path = join(dir.path, 'growing.png');
    await copyFile(png, path);
    await expect(inspectFile(path, { source: appendingSource(path) })).rejects.toMatchObject({
      code: 'file.changed',
      error: { kind: 'file_changed' },
    });
  });

  it('gives up with a clear error when a read never returns', async () => {
    const path = join(dir.path, 'stuck.png');
    await copyFile(png, path);
    const source: FileSource = {
      stat: (target) => nodeFileSource.stat(target),
      async open(target) {
        const opened = await nodeFileSource.open(target);
        return { ...opened, read: () => new Promise<number>(() => undefined) };
      },
    };
    const finding = fileFinding(await validateFile(path, { tier: 'standard', source, timeoutMs: 200 }));
    expect(finding).toMatchObject({
      code: 'file.timeout',
      message: expect.stringMatching(/^Inspecting stuck\.png took longer than 0\.2 s/),
    });
  });

  it('stops when cancelled, as a cancelled failure', async () => {
    const failure = await inspectFile(png, { signal: AbortSignal.abort() }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InspectionFailure);
    expect(failure).toMatchObject({ code: 'file.cancelled', error: { kind: 'cancelled' } });
  });

  it('rejects validation as cancelled rather than reporting the file', async () => {
    await expect(validateFile(png, { tier: 'standard', signal: AbortSignal.abort() })).rejects.toMatchObject({
      error: { kind: 'cancelled' },
    });
  });
});
