// 5. "Make it fit X": time to fit a 1080p H.264 clip (60 s; 10 s with --quick) into 1280×720, as a ratio of the
// clip's duration, with the system ffmpeg and the bundled one; Xfer's own peak RSS while ffmpeg runs.
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { builtClient } from '../lib/built-clients.ts';
import { runChild } from '../lib/child.ts';
import { WORK_DIR } from '../lib/files.ts';
import { notMeasured, type Table } from '../lib/report.ts';
import { formatNumber, median } from '../lib/stats.ts';
import type { SuiteContext, SuiteOutput } from '../lib/suite.ts';

const run = promisify(execFile);

async function makeClip(seconds: number): Promise<string> {
  const path = join(WORK_DIR, `convert-1080p-${seconds}s.mp4`);
  if (
    await stat(path).then(
      () => true,
      () => false,
    )
  )
    return path;
  await run('/usr/bin/ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'high', '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart', path],
  ]);
  return path;
}

export async function convertSuite(context: SuiteContext): Promise<SuiteOutput> {
  const seconds = context.args.quick ? 10 : 60;
  const rounds = context.args.quick ? 1 : 3;
  context.progress(`convert: making a ${seconds} s 1080p clip`);
  const input = await makeClip(seconds);
  const rows: string[][] = [];
  const data: unknown[] = [];
  for (const ffmpeg of ['system', 'bundled'] as const) {
    const times: number[] = [];
    const rss: number[] = [];
    let tool = '';
    let error: string | null = null;
    for (let round = 0; round < rounds; round += 1) {
      const result = await runChild(
        process.execPath,
        [builtClient('convert'), JSON.stringify({ input, outDir: join(WORK_DIR, `convert-out-${ffmpeg}`), ffmpeg })],
        { timeoutMs: 30 * 60_000 },
      );
      data.push({ ffmpeg, round, report: result.report, peakRssKb: result.peakRssKb });
      context.progress(`  convert ${ffmpeg} #${round + 1}: ${JSON.stringify(result.report)}`);
      if (!result.report.ok || typeof result.report.seconds !== 'number') {
        error = result.report.error ?? 'failed';
        break;
      }
      times.push(result.report.seconds);
      if (result.peakRssKb !== null) rss.push(result.peakRssKb / 1024);
      tool = String(result.report.tool);
    }
    const time = median(times);
    rows.push(
      error !== null
        ? [ffmpeg, notMeasured(error), '—', '—', '—']
        : [
            // "system 5.1.9-0+deb12u1" / "bundled N-47683-…-static": the source and ffmpeg's version.
            `${ffmpeg} ${tool.split(' ')[2] ?? ''}`,
            formatNumber(time, 1),
            formatNumber(time === null ? null : time / seconds, 2),
            formatNumber(median(rss), 0),
            String(times.length),
          ],
    );
  }
  const table: Table = {
    title: `Make it fit X — ${seconds} s 1080p H.264 clip → 1280×720`,
    headers: ['ffmpeg', 'seconds (median)', 'time ÷ clip duration', 'Xfer peak RSS MB', 'rounds'],
    rows,
    notes: [
      'x264 preset fast, CRF 20, audio copied; timed from convertFile to the validated result (includes the SHA-256 of the original and the re-check).',
      'Peak RSS is Xfer’s own process (VmHWM), not ffmpeg’s: Xfer streams nothing through itself, ffmpeg reads and writes the files.',
    ],
  };
  return { tables: [table], goals: [], data: { seconds, runs: data } };
}
