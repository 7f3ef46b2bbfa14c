// What inspection reads from real files made by ffmpeg.
import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeFileSource, type FileSource } from '../../../main/core/media/file-source.ts';
import { inspectFile } from '../../../main/core/media/inspect.ts';
import { MAX_SYNC_SAMPLES_CHECKED, READ_WINDOW_BYTES } from '../../../main/core/media/open-gop.ts';
import {
  makeGif,
  makeJpeg,
  makeMislabelled,
  makePaddedVideo,
  makePng,
  makeSrt,
  makeVideo,
  makeVtt,
  type VideoSpec,
} from '../../fixtures/media.ts';
import { useTempDir } from './temp-dir.ts';

const dir = useTempDir('inspect');
const clip = { seconds: 1, width: 160, height: 120, fps: 30, codec: 'h264' } as const;

describe('inspectFile: images', () => {
  it('reads a PNG’s type and size from its bytes', async () => {
    const inspection = await inspectFile(await makePng(dir.path, { width: 40, height: 30 }));
    expect(inspection).toMatchObject({
      mediaType: 'image/png',
      extensionType: 'image/png',
      kind: 'image',
      image: { format: 'png', width: 40, height: 30 },
    });
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

  it('reads the AAC profile of a QuickTime file, whose esds sits inside a wave box', async () => {
    const inspection = await inspectFile(await makeVideo(dir.path, { ...clip, container: 'mov', audio: 'aac' }));
    expect(inspection.video).toMatchObject({ audioCodec: 'mp4a.40.2', audioProfile: 'AAC-LC' });
  });

  it('inspects a 3 GB file without reading its media data', async () => {
    const path = await makePaddedVideo(dir.path, 3 * 1024 ** 3);
    expect((await stat(path)).size).toBe(3 * 1024 ** 3);
    const inspection = await inspectFile(path);
    expect(inspection.totalBytes).toBe(3 * 1024 ** 3);
    expect(inspection.video).toMatchObject({ width: 64, height: 64, fps: 30 });
  });
});

describe('inspectFile: scan type and GOP structure', () => {
  // 30 frames with a keyframe every 10th: three keyframes, the first one always IDR.
  const specs = {
    progressive: clip,
    interlaced: { ...clip, interlaced: true },
    hevcProgressive: { ...clip, codec: 'hevc' },
    hevcInterlaced: { ...clip, codec: 'hevc', interlaced: true },
    openGop: { ...clip, keyframeInterval: 10, openGop: true, audio: 'none' },
    closedGop: { ...clip, keyframeInterval: 10, audio: 'none' },
    mpeg4: { ...clip, codec: 'mpeg4' },
    // 120 frames with an IDR every 2nd: 60 keyframes, more than the check reads.
    manyKeyframes: { ...clip, seconds: 4, keyframeInterval: 2, audio: 'none' },
  } satisfies Record<string, VideoSpec>;
  const paths: Record<string, string> = {};
  beforeAll(async () => {
    // Made together: each ffmpeg run is mostly start-up, so this file waits for one, not eight.
    await Promise.all(
      Object.entries(specs).map(async ([name, spec]) => (paths[name] = await makeVideo(dir.path, spec))),
    );
  });
  const facts = async (name: keyof typeof specs) => (await inspectFile(paths[name]!)).video;

  it('sees interlaced H.264 coding (SPS frame_mbs_only_flag 0) and progressive coding', async () => {
    expect((await facts('interlaced'))?.interlaced).toBe(true);
    expect((await facts('progressive'))?.interlaced).toBe(false);
  });

  it('reads HEVC’s interlaced source flag', async () => {
    expect((await facts('hevcInterlaced'))?.interlaced).toBe(true);
    expect((await facts('hevcProgressive'))?.interlaced).toBe(false);
  });

  it('finds open GOP: keyframes that are recovery points, not IDR pictures', async () => {
    expect((await facts('openGop'))?.openGop).toBe(true);
    expect((await facts('closedGop'))?.openGop).toBe(false);
  });

  it('says neither for a codec it cannot read them from', async () => {
    expect(await facts('mpeg4')).toMatchObject({ interlaced: null, openGop: null });
  });

  it(`reads only the first bytes of the first ${MAX_SYNC_SAMPLES_CHECKED} keyframes`, async () => {
    const path = paths.manyKeyframes!;
    const { stdout } = await promisify(execFile)('/usr/bin/ffprobe', [
      '-v',
      'error',
      '-select_streams',
      'v',
      '-show_entries',
      'packet=pos,flags',
      '-of',
      'csv=p=0',
      path,
    ]);
    const keyframes = stdout
      .trim()
      .split('\n')
      .filter((line) => line.split(',')[1]?.startsWith('K'))
      .map((line) => Number(line.split(',')[0]));
    expect(keyframes).toHaveLength(60);
    const reads: { position: number; length: number }[] = [];
    const source: FileSource = {
      stat: (target) => nodeFileSource.stat(target),
      async open(target) {
        const opened = await nodeFileSource.open(target);
        return {
          ...opened,
          read: (buffer, position) => (reads.push({ position, length: buffer.length }), opened.read(buffer, position)),
        };
      },
    };
    expect((await inspectFile(path, { source })).video?.openGop).toBe(false);
    const touched = keyframes.filter((position) => reads.some((read) => read.position === position));
    expect(touched).toEqual(keyframes.slice(0, MAX_SYNC_SAMPLES_CHECKED));
    // Beyond the head of the file and the moov box, no read is larger than one window.
    const moov = (await readFile(path)).indexOf('moov') - 4;
    expect(reads.filter((read) => read.length > READ_WINDOW_BYTES).map((read) => read.position)).toEqual([0, moov]);
  });
});

describe('inspectFile: subtitles', () => {
  it('counts SRT cues', async () => {
    const inspection = await inspectFile(await makeSrt(dir.path, { cues: 4 }));
    expect(inspection).toMatchObject({
      mediaType: 'text/srt',
      kind: 'subtitles',
      subtitles: { format: 'srt', cues: 4 },
    });
    expect(inspection.subtitles?.problem).toBeUndefined();
  });

  it('counts WebVTT cues', async () => {
    const inspection = await inspectFile(await makeVtt(dir.path, { cues: 2 }));
    expect(inspection).toMatchObject({
      mediaType: 'text/vtt',
      kind: 'subtitles',
      subtitles: { format: 'vtt', cues: 2 },
    });
  });

  it('names the first problem in malformed SRT', async () => {
    const inspection = await inspectFile(await makeSrt(dir.path, { cues: 3, malformed: true }));
    expect(inspection.subtitles?.problem).toMatch(/^cue 2 \(line 6\): expected a timing line/);
  });
});
