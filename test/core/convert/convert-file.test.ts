// convertFile with the system ffmpeg on small generated clips: the result passes, the original is untouched,
// progress arrives, a cancel leaves nothing behind, and what cannot be cured says so.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertFile } from '../../../main/core/convert/convert-file.ts';
import { locateFfmpeg, type FfmpegTool } from '../../../main/core/convert/ffmpeg-tool.ts';
import { Limiter } from '../../../main/core/convert/limiter.ts';
import type { ConversionProgress } from '../../../main/core/convert/run-ffmpeg.ts';
import { validateFile } from '../../../main/core/media/validate-file.ts';
import { makeVideo } from '../../fixtures/media.ts';
import { useTempDir } from '../media/temp-dir.ts';
import { failureOf } from '../../fakes/failure-of.ts';

const temp = useTempDir('convert');
let tool: FfmpegTool;
let clip1080: string;

beforeAll(async () => {
  tool = await locateFfmpeg({ bundled: false });
  clip1080 = await makeVideo(temp.path, { seconds: 2, width: 1920, height: 1080, fps: 30, codec: 'h264' });
});

async function digest(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

describe('convertFile', () => {
  it('fits a refused 1080p clip into 1280×720, leaves the original byte for byte, and reports progress', async () => {
    const before = await digest(clip1080);
    const outDir = join(temp.path, 'out-1080');
    const progress: ConversionProgress[] = [];
    const refused = await validateFile(clip1080, { tier: 'standard', category: 'tweet_video' });
    expect(refused.ok).toBe(false);

    const outcome = await convertFile(clip1080, {
      tool,
      outDir,
      tier: 'standard',
      category: 'tweet_video',
      onProgress: (report) => progress.push(report),
    });

    if (outcome.status !== 'converted') throw new Error('expected a conversion');
    expect(outcome.output).toBe(join(outDir, `${clip1080.split('/').pop()!.replace('.mp4', '')}-fit.mp4`));
    const after = await validateFile(outcome.output, { tier: 'standard', category: 'tweet_video' });
    expect(after.ok).toBe(true);
    expect(after.inspection?.video).toMatchObject({ width: 1280, height: 720, videoProfile: 'High' });
    expect(await digest(clip1080)).toBe(before);
    expect(outcome.record).toMatchObject({ from: clip1080, fromSha256: before });
    expect(outcome.record.args).toContain(outcome.output);
    expect(progress.at(-1)).toEqual(expect.objectContaining({ percent: 100, etaSec: 0 }));
    expect(await readdir(outDir)).toEqual([outcome.output.split('/').pop()]);
  });

  it('finds the same conversion again in a keyed folder instead of running it twice', async () => {
    const outDir = join(temp.path, 'out-keyed');
    const options = {
      tool,
      outDir,
      tier: 'standard' as const,
      category: 'tweet_video' as const,
      naming: 'keyed' as const,
    };
    const first = await convertFile(clip1080, options);
    const second = await convertFile(clip1080, options);
    if (first.status !== 'converted' || second.status !== 'converted') throw new Error('expected conversions');
    expect(first.reused).toBe(false);
    expect(second.reused).toBe(true);
    expect(second.output).toBe(first.output);
  });

  it('leaves no partial output when cancelled mid-conversion', async () => {
    const outDir = join(temp.path, 'out-cancel');
    const controller = new AbortController();
    const seen: ConversionProgress[] = [];
    const error = await failureOf(
      convertFile(clip1080, {
        tool,
        outDir,
        tier: 'standard',
        category: 'tweet_video',
        signal: controller.signal,
        onProgress: (report) => {
          seen.push(report);
          controller.abort();
        },
      }),
    );
    expect(error.kind).toBe('cancelled');
    expect(seen[0]?.percent).toBeLessThan(100);
    expect(await readdir(outDir)).toEqual([]);
  });

  it('says a text file named .mp4 and a zero-length file cannot be converted', async () => {
    const dir = join(temp.path, 'bad');
    await mkdir(dir, { recursive: true });
    const text = join(dir, 'notes.mp4');
    const empty = join(dir, 'empty.mp4');
    await writeFile(text, 'this is not a video\n');
    await writeFile(empty, '');
    for (const path of [text, empty]) {
      const error = await failureOf(convertFile(path, { tool, outDir: join(dir, 'out'), tier: 'standard' }));
      expect(error.kind).toBe('validation');
      expect(error.message).toMatch(/cannot be converted: /);
    }
    const textError = await failureOf(convertFile(text, { tool, outDir: join(dir, 'out'), tier: 'standard' }));
    expect(textError.message).toMatch(/not an image or video/);
    const emptyError = await failureOf(convertFile(empty, { tool, outDir: join(dir, 'out'), tier: 'standard' }));
    expect(emptyError.message).toMatch(/empty \(0 bytes\)/);
  });

  it('says a clip that already fits has nothing to convert', async () => {
    const small = await makeVideo(temp.path, { seconds: 1, width: 320, height: 240, fps: 30, codec: 'h264' });
    const outcome = await convertFile(small, { tool, outDir: join(temp.path, 'out-fits'), tier: 'standard' });
    expect(outcome.status).toBe('fits');
  });
});

describe('Limiter', () => {
  it('runs at most its limit at once and hands the slot on', async () => {
    const limiter = new Limiter(1);
    let running = 0;
    let most = 0;
    const work = () =>
      limiter.run(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
      });
    await Promise.all([work(), work(), work()]);
    expect(most).toBe(1);
    expect(limiter.running).toBe(0);
  });
});

describe('the bundled ffmpeg (@ffmpeg-installer, no install script run)', () => {
  it('is found without PATH, has no ffprobe, and fits a 1080p clip and a 6 MB PNG through its stream summary', async () => {
    const bundled = await locateFfmpeg({ bundled: 'only', env: { PATH: '' } });
    expect(bundled).toMatchObject({ source: 'bundled', ffprobe: null });
    const outDir = join(temp.path, 'out-bundled');
    const video = await convertFile(clip1080, { tool: bundled, outDir, tier: 'standard', category: 'tweet_video' });
    expect(video.status === 'converted' && video.validation.ok).toBe(true);
    const { makeOversizeImage } = await import('../../fixtures/media.ts');
    const png = await makeOversizeImage(temp.path, { width: 1500, height: 1500 });
    const image = await convertFile(png, { tool: bundled, outDir, tier: 'standard', category: 'tweet_image' });
    expect(image.status === 'converted' && image.plan.mediaType).toBe('image/jpeg');
  });
});
