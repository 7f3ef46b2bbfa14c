// Small media made at test time: real MP4 and GIF from ffmpeg, a real PNG from bytes.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateSync } from 'node:zlib';

const run = promisify(execFile);

export interface MadeFile {
  path: string;
  bytes: Buffer;
  /** Removes the file and its temporary folder. */
  dispose(): Promise<void>;
}

/** A short H.264 MP4 (ffmpeg testsrc), returned with its path. */
export async function makeMp4(seconds = 1, size = '320x180'): Promise<MadeFile> {
  const dir = await mkdtemp(join(tmpdir(), 'xfer-sandbox-media-'));
  const path = join(dir, 'clip.mp4');
  await run('ffmpeg', [
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc=duration=${seconds}:size=${size}:rate=30`,
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+faststart',
    '-y',
    path,
  ]);
  return { path, bytes: await readFile(path), dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** The bytes of a short MP4; the file is removed at once. */
export async function mp4Bytes(): Promise<Buffer> {
  const made = await makeMp4();
  await made.dispose();
  return made.bytes;
}

/** A 1×1 PNG, built by hand (valid CRCs are not checked by the sandbox, but these are right). */
export function makePng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
