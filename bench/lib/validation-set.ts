// The validation benchmark's 1,000 files. ffmpeg makes a few originals (test/fixtures/media.ts); hard links
// multiply them to 1,000 names — so the set costs seconds to build and no disk, and every read after the
// first comes from the page cache: this measures Xfer's validation work, not the disk.
import { link, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import {
  makeGif,
  makeJpeg,
  makeMislabelled,
  makeOversizeImage,
  makePaddedVideo,
  makePng,
  makeSrt,
  makeVideo,
} from '../../test/fixtures/media.ts';
import { WORK_DIR } from './files.ts';
import { MIB } from './stats.ts';

export interface ValidationSet {
  listPath: string;
  files: number;
  /** How many names each original got, by original's description. */
  mix: Record<string, number>;
}

interface Original {
  description: string;
  path: string;
  /** Share of the 1,000. */
  weight: number;
}

async function truncatedCopy(dir: string, source: string): Promise<string> {
  const path = join(dir, 'truncated.mp4');
  const bytes = await readFile(source);
  await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 3)));
  return path;
}

async function emptyFile(dir: string): Promise<string> {
  const path = join(dir, 'empty.mp4');
  await (await open(path, 'w')).close();
  return path;
}

async function originals(dir: string): Promise<Original[]> {
  const small = await makeVideo(dir, { seconds: 2, width: 640, height: 360, fps: 30, codec: 'h264' });
  return [
    { description: 'PNG 640×480', path: await makePng(dir, { width: 640, height: 480 }), weight: 150 },
    { description: 'PNG 1920×1080', path: await makePng(dir, { width: 1920, height: 1080 }), weight: 50 },
    { description: 'JPEG 1280×720', path: await makeJpeg(dir, { width: 1280, height: 720 }), weight: 150 },
    { description: 'GIF still', path: await makeGif(dir, { frames: 1, width: 320, height: 240 }), weight: 50 },
    {
      description: 'GIF animated, 30 frames',
      path: await makeGif(dir, { frames: 30, width: 320, height: 240 }),
      weight: 100,
    },
    { description: 'MP4 H.264 2 s 640×360', path: small, weight: 200 },
    {
      description: 'MP4 H.264 moov at end',
      path: await makeVideo(dir, { seconds: 2, width: 640, height: 360, fps: 30, codec: 'h264', faststart: false }),
      weight: 80,
    },
    {
      description: 'MOV H.264',
      path: await makeVideo(dir, { seconds: 1, width: 320, height: 240, fps: 30, codec: 'h264', container: 'mov' }),
      weight: 50,
    },
    { description: 'MP4 padded to 100 MB (sparse)', path: await makePaddedVideo(dir, 100 * MIB), weight: 50 },
    { description: 'MP4 padded to 1 GB (sparse)', path: await makePaddedVideo(dir, 1024 * MIB), weight: 20 },
    { description: 'SRT subtitles', path: await makeSrt(dir), weight: 20 },
    // Bad ones: each must be refused with a reason.
    {
      description: 'bad: HEVC video',
      path: await makeVideo(dir, { seconds: 1, width: 320, height: 240, fps: 30, codec: 'hevc' }),
      weight: 20,
    },
    { description: 'bad: PNG over 5 MB', path: await makeOversizeImage(dir), weight: 10 },
    { description: 'bad: PNG named .mp4', path: await makeMislabelled(dir), weight: 10 },
    { description: 'bad: truncated MP4', path: await truncatedCopy(dir, small), weight: 20 },
    { description: 'bad: empty file', path: await emptyFile(dir), weight: 20 },
  ];
}

export async function buildValidationSet(total: number): Promise<ValidationSet> {
  const sourceDir = join(WORK_DIR, 'validation-originals');
  const linkDir = join(WORK_DIR, 'validation');
  await mkdir(sourceDir, { recursive: true });
  await rm(linkDir, { recursive: true, force: true });
  await mkdir(linkDir, { recursive: true });
  const made = await originals(sourceDir);
  const weights = made.reduce((sum, original) => sum + original.weight, 0);
  const files: string[] = [];
  const mix: Record<string, number> = {};
  for (const original of made) {
    const count = Math.max(1, Math.round((original.weight / weights) * total));
    mix[original.description] = count;
    for (let copy = 0; copy < count; copy += 1) {
      const name = `${String(files.length).padStart(5, '0')}-${basename(original.path, extname(original.path))}${extname(original.path)}`;
      const path = join(linkDir, name);
      await link(original.path, path);
      files.push(path);
    }
  }
  const listPath = join(WORK_DIR, 'validation-list.json');
  await writeFile(listPath, JSON.stringify(files));
  return { listPath, files: files.length, mix };
}
