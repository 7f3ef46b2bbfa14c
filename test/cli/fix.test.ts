// The "Done when", through the real `xfer` bin: every curable rule has a failing input that
// `xfer fix` turns into a copy `xfer validate` passes and the sandbox accepts and processes (`xfer upload`),
// the originals byte for byte unchanged; what cannot be cured says "cannot be converted: …".
import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MB } from '../../main/core/media/rules.ts';
import type { ValidationResult } from '../../main/common/media-types.ts';
import { makeBmp, makeNoiseGif, makeNoisePng, makeOversizeImage, makeVideo, makeWebm } from '../fixtures/media.ts';
import { useTempDir } from '../core/media/temp-dir.ts';
import { jsonOf, xfer } from './run-xfer.ts';

interface FixReport {
  file: string;
  status: 'converted' | 'fits' | 'failed';
  output: string | null;
  category: string | null;
  changes: string[];
  error: { kind: string; message: string } | null;
}

const temp = useTempDir('cli-fix');
/** Each input with the rule it breaks, the category it is fixed for, and what the fix must say. */
let inputs: { name: string; path: string; category: string; change: RegExp }[] = [];

beforeAll(async () => {
  const dir = temp.path;
  const small = { seconds: 1, width: 320, height: 240, fps: 30, codec: 'h264' as const };
  inputs = [
    {
      name: '1080p H.264 phone clip',
      path: await makeVideo(dir, { ...small, width: 1920, height: 1080 }),
      category: 'tweet_video',
      change: /1920×1080 → 1280×720/,
    },
    {
      name: '4K HEVC 10-bit',
      path: await makeVideo(dir, {
        seconds: 0.6,
        width: 3840,
        height: 2160,
        fps: 25,
        codec: 'hevc',
        pixFmt: 'yuv420p10le',
      }),
      category: 'tweet_video',
      change: /HEVC.* → H\.264 High, yuv420p 8-bit/,
    },
    {
      name: '120 fps',
      path: await makeVideo(dir, { ...small, fps: 120 }),
      category: 'tweet_video',
      change: /120 → 60 fps/,
    },
    {
      name: 'yuv444',
      path: await makeVideo(dir, { ...small, pixFmt: 'yuv444p' }),
      category: 'tweet_video',
      change: /yuv444p → H\.264 High, yuv420p/,
    },
    {
      name: 'interlaced',
      path: await makeVideo(dir, { ...small, interlaced: true }),
      category: 'tweet_video',
      change: /Deinterlaced/,
    },
    {
      name: 'open GOP',
      path: await makeVideo(dir, { ...small, seconds: 2, keyframeInterval: 10, openGop: true }),
      category: 'tweet_video',
      change: /Closed GOPs/,
    },
    {
      name: '5.1 audio',
      path: await makeVideo(dir, { ...small, audioChannels: 6 }),
      category: 'tweet_video',
      change: /6 channels → AAC-LC stereo/,
    },
    {
      name: 'non-square pixels',
      path: await makeVideo(dir, { ...small, sar: '2:1' }),
      category: 'tweet_video',
      change: /square pixels/,
    },
    {
      name: 'WebM',
      path: await makeWebm(dir, { seconds: 1, width: 320, height: 240 }),
      category: 'tweet_video',
      change: /H\.264 High/,
    },
    {
      name: '6 MB PNG',
      path: await makeOversizeImage(dir, { width: 1500, height: 1500 }),
      category: 'tweet_image',
      change: /PNG of 6\.\d+ MB → JPEG under 5 MB/,
    },
    { name: 'BMP', path: await makeBmp(dir, { width: 64, height: 48 }), category: 'tweet_image', change: /BMP → JPEG/ },
    {
      name: '20 MB GIF',
      path: await makeNoiseGif(dir, { frames: 70, width: 640, height: 480 }),
      category: 'tweet_gif',
      change: /GIF .* → H\.264 MP4 for tweet_video/,
    },
  ];
});

const digest = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

describe('xfer fix', () => {
  it('fits every curable input; each copy passes xfer validate and the sandbox processes it; originals unchanged', async () => {
    const gif = inputs.find((input) => input.name === '20 MB GIF')!;
    expect((await stat(gif.path)).size).toBeGreaterThan(15 * MB);
    const before = await Promise.all(inputs.map((input) => digest(input.path)));
    const dataDir = join(temp.path, 'data');
    const out = join(temp.path, 'fitted');

    // Each input is refused as it is.
    for (const input of inputs) {
      const refused = await xfer(['validate', input.path, '--category', input.category]);
      expect(refused.code, `${input.name} should be refused`).toBe(1);
    }

    const fixed = await Promise.all(
      [inputs.slice(0, 6), inputs.slice(6)].map((group) =>
        xfer([
          '--data-dir',
          dataDir,
          '--json',
          'fix',
          ...group.flatMap((input) => [input.path]),
          '--out',
          out,
          ...categoryOf(group),
        ]),
      ),
    );
    const reports = fixed.flatMap((outcome) => {
      expect(outcome.code, outcome.stderr).toBe(0);
      return jsonOf<FixReport[]>(outcome);
    });
    expect(reports).toHaveLength(inputs.length);
    for (const input of inputs) {
      const report = reports.find((candidate) => candidate.file === input.path)!;
      expect(report.status, input.name).toBe('converted');
      expect(report.changes.join('\n'), input.name).toMatch(input.change);
    }

    const outputs = reports.map((report) => report.output!);
    const checked = await xfer(['--json', 'validate', ...outputs]);
    const results = jsonOf<ValidationResult[]>(checked);
    for (const result of results)
      expect(
        result.findings.filter((f) => f.severity === 'error'),
        result.file,
      ).toEqual([]);
    expect(checked.code).toBe(0);
    expect(results.map((result) => result.category)).toEqual(
      reports.map((report) => (report.category === 'tweet_image' ? 'tweet_image' : 'tweet_video')),
    );

    const uploaded = await xfer(['--data-dir', dataDir, '--json', 'upload', ...outputs, '--account', 'sandbox']);
    expect(uploaded.code, uploaded.stderr).toBe(0);

    expect(await Promise.all(inputs.map((input) => digest(input.path)))).toEqual(before);
  });

  it('fits the other curable rules: AC-3 audio, a DM video too long (trimmed only once --trim confirms), a 6 MB PNG with transparency (kept PNG)', async () => {
    const dir = temp.path;
    const dataDir = join(temp.path, 'data-rest');
    const out = join(temp.path, 'fitted-rest');
    // Audio X does not take (AC-3; the HE-AAC fixture only relabels AAC-LC's header, which no decoder plays).
    const ac3 = await makeVideo(dir, { seconds: 1, width: 320, height: 240, fps: 30, codec: 'h264', audio: 'ac3' });
    const long = await makeVideo(dir, { seconds: 141, width: 64, height: 64, fps: 10, codec: 'h264', audio: 'none' });
    const alpha = await makeNoisePng(dir, { width: 1300, height: 1300, alpha: true });
    expect((await stat(alpha)).size).toBeGreaterThan(5 * MB);
    const cases = [
      { path: ac3, category: 'tweet_video', change: /Audio: ac-3, 2 channels → AAC-LC stereo/, extension: '.mp4' },
      { path: long, category: 'dm_video', change: /first 2 min 20 s/, extension: '.mp4' },
      { path: alpha, category: 'tweet_image', change: /Kept as PNG: the picture has transparency/, extension: '.png' },
    ];
    const before = await Promise.all(cases.map((input) => digest(input.path)));
    for (const input of cases)
      expect((await xfer(['validate', input.path, '--category', input.category])).code, input.path).toBe(1);

    // A trim drops part of the user's video: without --trim it is only offered.
    const unconfirmed = await xfer(['--data-dir', dataDir, 'fix', long, '--category', 'dm_video', '--out', out]);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stdout).toMatch(/needs a trim: .*drops the last 1 s\. Run it again with --trim to convert\./);

    const reports: FixReport[] = [];
    for (const input of cases) {
      const fixed = await xfer([
        ...['--data-dir', dataDir, '--json', 'fix', input.path, '--category', input.category, '--out', out],
        ...(input.category === 'dm_video' ? ['--trim'] : []),
      ]);
      expect(fixed.code, `${input.path}: ${fixed.stdout}${fixed.stderr}`).toBe(0);
      const [report] = jsonOf<FixReport[]>(fixed);
      expect(report, input.path).toMatchObject({ status: 'converted', category: input.category });
      expect(report!.changes.join('\n'), input.path).toMatch(input.change);
      expect(report!.output!.endsWith(input.extension), report!.output!).toBe(true);
      const checked = await xfer(['--json', 'validate', report!.output!, '--category', input.category]);
      expect(checked.code, checked.stdout).toBe(0);
      const [result] = jsonOf<ValidationResult[]>(checked);
      if (input.category === 'dm_video') expect(result!.inspection?.video?.durationSec).toBeLessThanOrEqual(140);
      const uploaded = await xfer([
        ...['--data-dir', dataDir, '--json', 'upload', report!.output!],
        ...['--account', 'sandbox', '--category', input.category],
      ]);
      expect(uploaded.code, uploaded.stderr).toBe(0);
      reports.push(report!);
    }
    expect(await Promise.all(cases.map((input) => digest(input.path)))).toEqual(before);
  });

  it('says a text file named .mp4 and a zero-length file cannot be converted (exit 1)', async () => {
    const text = join(temp.path, 'notes.mp4');
    const empty = join(temp.path, 'empty.mp4');
    await writeFile(text, 'not a video at all\n');
    await writeFile(empty, '');
    const outcome = await xfer(['--data-dir', join(temp.path, 'data'), 'fix', text, empty]);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/✗ notes\.mp4: cannot be converted: its bytes are not an image or video/);
    expect(outcome.stdout).toMatch(/✗ empty\.mp4: cannot be converted: empty\.mp4 is empty \(0 bytes\)/);
  });

  it('says how to get ffmpeg when the configured one is not there (exit 3)', async () => {
    const outcome = await xfer(['fix', inputs[0]!.path], { XFER_FFMPEG: join(temp.path, 'no-ffmpeg') });
    expect(outcome.code).toBe(3);
    expect(outcome.stderr).toMatch(
      /Xfer needs ffmpeg to convert media\. Install it \(Debian\/Ubuntu: sudo apt install ffmpeg/,
    );
  });

  it('prepare --fix records a ready session from the fitted copy, converted from the original, with the bar on stderr', async () => {
    const clip = inputs[0]!;
    const outcome = await xfer([
      '--data-dir',
      join(temp.path, 'data-prepare'),
      '--json',
      'prepare',
      clip.path,
      '--account',
      'sandbox',
      '--fix',
    ]);
    expect(outcome.code, outcome.stderr).toBe(0);
    const {
      sessions: [session],
    } = jsonOf<{ sessions: { state: string; file: string; converted_from: { file: string } | null }[] }>(outcome);
    expect(session).toMatchObject({ state: 'ready', converted_from: { file: clip.path } });
    expect(session!.file).toContain(join('data-prepare', 'converted'));
    expect(outcome.stderr).toMatch(/100%/);
  });
});

/** One --category for a group only when all share it (images and GIFs get the one that fits their type). */
function categoryOf(group: { category: string }[]): string[] {
  const categories = new Set(group.map((input) => input.category));
  return categories.size === 1 ? ['--category', [...categories][0]!] : [];
}
