// What inspection reads from real files made by ffmpeg.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../../main/core/media/inspect.ts';
import { makeGif, makeJpeg, makeMislabelled, makePaddedVideo, makePng, makeSrt, makeVideo, makeVtt } from '../../fixtures/media.ts';
import { useTempDir } from './temp-dir.ts';

const dir = useTempDir('inspect');
const clip = { seconds: 1, width: 160, height: 120, fps: 30, codec: 'h264' } as const;

describe('inspectFile: images', () => {
  it('reads a PNG’s type and size from its bytes', async () => {
    const inspection = await inspectFile(await makePng(dir.path, { width: 40, height: 30 }));
    expect(inspection).toMatchObject({ mediaType: 'image/png', extensionType: 'image/png', kind: 'image', image: { format: 'png', width: 40, height: 30 } });
  });

  it('reads a JPEG', async () => {
    const inspection = await inspectFile(await makeJpeg(dir.path, { width: 48, height: 36 }));
    expect(inspection).toMatchObject({ mediaType: 'image/jpeg', kind: 'image', image: { width: 48, height: 36 } });
  });

  it('reads a JPEG whose size comes after more metadata than the first read holds', async () => {
    const jpeg = await readFile(await makeJpeg(dir.path, { width: 48, height: 36 }));
    // Three maximal APP1 segments (as large EXIF blocks are) between SOI and the frame header.
    const segment = Buffer.concat([Buffer.from([0xff, 0xe1, 0xff, 0xff]), Buffer.alloc(0xffff - 2)]);
    const path = join(dir.path, 'heavy-metadata.jpg');
    await writeFile(path, Buffer.concat([jpeg.subarray(0, 2), segment, segment, segment, jpeg.subarray(2)]));
    expect((await inspectFile(path)).image).toMatchObject({ width: 48, height: 36 });
  });

  it('names the type the bytes are, not the one the extension claims', async () => {
    const inspection = await inspectFile(await makeMislabelled(dir.path));
    expect(inspection).toMatchObject({ mediaType: 'image/png', extensionType: 'video/mp4', kind: 'image' });
  });
});

describe('inspectFile: GIF frames', () => {
  it('counts the frames of an animated GIF', async () => {
    const inspection = await inspectFile(await makeGif(dir.path, { frames: 7, width: 40, height: 30 }));
    expect(inspection.gif).toEqual({ width: 40, height: 30, frames: 7, animated: true });
  });

  it('sees a one-frame GIF as still', async () => {
    const inspection = await inspectFile(await makeGif(dir.path, { frames: 1, width: 40, height: 30 }));
    expect(inspection.gif).toEqual({ width: 40, height: 30, frames: 1, animated: false });
  });
});

describe('inspectFile: MP4', () => {
  it('reads duration, size, frame rate, codecs, profile, pixel format and audio', async () => {
    const inspection = await inspectFile(await makeVideo(dir.path, clip));
    expect(inspection.kind).toBe('video');
    expect(inspection.mediaType).toBe('video/mp4');
    expect(inspection.video).toMatchObject({
      brand: 'isom',
      width: 160,
      height: 120,
      fps: 30,
      videoProfile: 'High',
      pixelFormat: 'yuv420p',
      pixelAspectRatio: 1,
      audioCodec: 'mp4a.40.2',
      audioProfile: 'AAC-LC',
      audioChannels: 2,
    });
    expect(inspection.video?.videoCodec).toMatch(/^avc1\.64/);
    expect(inspection.video?.durationSec).toBeCloseTo(1, 1);
  });

  it('finds moov after mdat (no faststart)', async () => {
    const inspection = await inspectFile(await makeVideo(dir.path, { ...clip, faststart: false }));
    expect(inspection.video).toMatchObject({ width: 160, height: 120, videoProfile: 'High' });
  });

  it('names the H.264 profile: Main and Constrained Baseline', async () => {
    const main = await inspectFile(await makeVideo(dir.path, { ...clip, profile: 'main' }));
    const baseline = await inspectFile(await makeVideo(dir.path, { ...clip, profile: 'baseline' }));
    expect(main.video?.videoProfile).toBe('Main');
    expect(baseline.video?.videoProfile).toBe('Constrained Baseline');
  });

  it('derives the chroma format from the SPS: 4:4:4', async () => {
    const inspection = await inspectFile(await makeVideo(dir.path, { ...clip, pixFmt: 'yuv444p' }));
    expect(inspection.video).toMatchObject({ pixelFormat: 'yuv444p', videoProfile: 'High 4:4:4 Predictive' });
  });

  it('reads HE-AAC, channel count from the AudioSpecificConfig, and the pixel aspect ratio', async () => {
    const heAac = await inspectFile(await makeVideo(dir.path, { ...clip, audio: 'he-aac', sar: '2:1' }));
    expect(heAac.video).toMatchObject({ audioCodec: 'mp4a.40.5', audioProfile: 'HE-AAC', pixelAspectRatio: 2 });
    const surround = await inspectFile(await makeVideo(dir.path, { ...clip, audioChannels: 6 }));
    expect(surround.video?.audioChannels).toBe(6);
  });

  it('recognises HEVC with its profile and chroma format', async () => {
    const inspection = await inspectFile(await makeVideo(dir.path, { ...clip, codec: 'hevc' }));
    expect(inspection.video?.videoCodec).toMatch(/^hvc1/);
    expect(inspection.video).toMatchObject({ videoProfile: 'Main', pixelFormat: 'yuv420p' });
  });

  it('reads a QuickTime file', async () => {
    const inspection = await inspectFile(await makeVideo(dir.path, { ...clip, container: 'mov' }));
    expect(inspection).toMatchObject({ mediaType: 'video/quicktime', extensionType: 'video/quicktime', kind: 'video' });
    expect(inspection.video?.brand).toBe('qt  ');
  });

  it('inspects a 3 GB file without reading its media data', async () => {
    const path = await makePaddedVideo(dir.path, 3 * 1024 ** 3);
    expect((await stat(path)).size).toBe(3 * 1024 ** 3);
    const inspection = await inspectFile(path);
    expect(inspection.totalBytes).toBe(3 * 1024 ** 3);
    expect(inspection.video).toMatchObject({ width: 64, height: 64, fps: 30 });
  });
});

describe('inspectFile: subtitles', () => {
  it('counts SRT cues', async () => {
    const inspection = await inspectFile(await makeSrt(dir.path, { cues: 4 }));
    expect(inspection).toMatchObject({ mediaType: 'text/srt', kind: 'subtitles', subtitles: { format: 'srt', cues: 4 } });
    expect(inspection.subtitles?.problem).toBeUndefined();
  });

  it('counts WebVTT cues', async () => {
    const inspection = await inspectFile(await makeVtt(dir.path, { cues: 2 }));
    expect(inspection).toMatchObject({ mediaType: 'text/vtt', kind: 'subtitles', subtitles: { format: 'vtt', cues: 2 } });
  });

  it('names the first problem in malformed SRT', async () => {
    const inspection = await inspectFile(await makeSrt(dir.path, { cues: 3, malformed: true }));
    expect(inspection.subtitles?.problem).toMatch(/^cue 2 \(line 6\): expected a timing line/);
  });
});
