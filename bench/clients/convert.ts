// One conversion in its own process (for Xfer's peak RSS while ffmpeg works): convertFile on a clip with the
// system ffmpeg (PATH) or the bundled one (@ffmpeg-installer), timed from start to the validated result.
import { rm } from 'node:fs/promises';
import { convertFile } from '../../main/core/convert/convert-file.ts';
import { describeTool, locateFfmpeg } from '../../main/core/convert/ffmpeg-tool.ts';
import { finish } from './job.ts';

interface Job {
  input: string;
  outDir: string;
  ffmpeg: 'system' | 'bundled';
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
try {
  const tool = await locateFfmpeg(job.ffmpeg === 'bundled' ? { bundled: 'only' } : { bundled: false });
  await rm(job.outDir, { recursive: true, force: true });
  const started = performance.now();
  const outcome = await convertFile(job.input, { tool, outDir: job.outDir, tier: 'standard', category: 'tweet_video' });
  const seconds = (performance.now() - started) / 1000;
  if (outcome.status !== 'converted') throw new Error(`expected a conversion, got ${outcome.status}`);
  finish({
    ok: true,
    seconds,
    tool: describeTool(tool),
    durationSec: outcome.validation.inspection?.video?.durationSec ?? null,
    outputBytes: outcome.validation.inspection?.totalBytes ?? null,
  });
} catch (error) {
  finish({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
}
