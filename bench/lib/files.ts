// The files the bench uploads and validates, generated into bench/work/ (git-ignored) at run time.
// Upload files: test/fixtures/media.ts's makeNoisePng just under X's 5 MB image limit (noise does not
// compress, so it is really ~5 MB of bytes), and videos made with its makePaddedVideo: a valid 1 s H.264 clip
// grown by one trailing `free` box with ftruncate — a sparse file, cheap on disk, read from the page cache.
import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { makeNoisePng, makePaddedVideo } from '../../test/fixtures/media.ts';
import { MIB } from './stats.ts';

export const WORK_DIR = resolve(import.meta.dirname, '..', 'work');

export interface UploadFile {
  /** Shown in the table, e.g. "100 MB". */
  label: string;
  path: string;
  bytes: number;
  mediaType: string;
  mediaCategory: string;
}

async function video(dir: string, label: string, bytes: number): Promise<UploadFile> {
  const path = await makePaddedVideo(dir, bytes);
  return { label, path, bytes, mediaType: 'video/mp4', mediaCategory: 'tweet_video' };
}

export interface UploadFiles {
  image: UploadFile;
  medium: UploadFile;
  large: UploadFile;
  /** For the latency runs: ten 5 MiB segments for Xfer, fifty 1 MiB ones for the peers. */
  latency: UploadFile;
  /** For adaptive vs fixed APPENDs in flight: twenty 5 MiB segments, room for the controller to move. */
  curve: UploadFile;
}

/**
 * Full run: 5 MB image, 300 MB and 1 GB video (50 MB under latency, 100 MB for APPENDs in flight).
 * Quick: 5 MB, 20 MB, 100 MB (20 MB for both).
 */
export async function uploadFiles(quick: boolean): Promise<UploadFiles> {
  const dir = join(WORK_DIR, 'upload');
  await mkdir(dir, { recursive: true });
  // 1280 × 1350 noise: 5.2 MB, just under X's 5,242,880-byte image limit.
  const png = await makeNoisePng(dir, { width: 1280, height: 1350 });
  const image: UploadFile = {
    label: '5 MB image',
    path: png,
    bytes: (await stat(png)).size,
    mediaType: 'image/png',
    mediaCategory: 'tweet_image',
  };
  if (image.bytes > 5 * MIB) throw new Error(`the noise PNG came out at ${image.bytes} bytes, over 5 MB`);
  const medium = await video(dir, quick ? '20 MB video' : '300 MB video', (quick ? 20 : 300) * MIB);
  const large = await video(dir, quick ? '100 MB video' : '1 GB video', (quick ? 100 : 1024) * MIB);
  const latency = quick ? medium : await video(dir, '50 MB video', 50 * MIB);
  const curve = quick ? medium : await video(dir, '100 MB video', 100 * MIB);
  return { image, medium, large, latency, curve };
}
