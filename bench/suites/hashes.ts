// 7. The cost of the segment hashes (issue 20): what prepare adds (one XXH64 pass over the file, in the
// background) next to what prepare did before (validation and the fingerprint), and what checking each segment
// as it is read for sending costs next to reading it plain, the send's own work per byte (it reads each segment
// once to send it and once more before FINALIZE). In this process, median of rounds, file in the page cache.
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprintFile } from '../../main/core/engine/fingerprint.ts';
import { planChunks } from '../../main/core/engine/chunk-plan.ts';
import { createSegmentHash, hashSegments } from '../../main/core/media/segment-hashes.ts';
import { validateFile } from '../../main/core/media/validate-file.ts';
import { makePaddedVideo } from '../../test/fixtures/media.ts';
import { WORK_DIR } from '../lib/files.ts';
import type { Table } from '../lib/report.ts';
import { formatNumber, mbPerSecond, median, MIB } from '../lib/stats.ts';
import type { SuiteContext, SuiteOutput } from '../lib/suite.ts';

const SLICE = 256 * 1024;

async function timed(work: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}

/** Reads `path` in 5 MiB segments of 256 KiB slices, as the transport does, hashing each segment or not. */
async function readSegments(path: string, bytes: number, chunkSize: number, hash: boolean): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(SLICE);
    for (let start = 0; start < bytes; start += chunkSize) {
      const segment = hash ? await createSegmentHash() : null;
      const end = Math.min(bytes, start + chunkSize);
      for (let at = start; at < end;) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(SLICE, end - at), at);
        segment?.update(buffer.subarray(0, bytesRead));
        at += bytesRead;
      }
      segment?.digest();
    }
  } finally {
    await handle.close();
  }
}

export async function hashesSuite(context: SuiteContext): Promise<SuiteOutput> {
  const bytes = (context.args.quick ? 50 : 200) * MIB;
  const rounds = context.args.quick ? 3 : 7;
  context.progress(`hashes: a ${bytes / MIB} MiB video`);
  await mkdir(join(WORK_DIR, 'hashes'), { recursive: true });
  const path = await makePaddedVideo(join(WORK_DIR, 'hashes'), bytes);
  const plan = planChunks(bytes, 'v2');
  const samples: Record<string, { wall: number; cpu: number }[]> = {};
  const measure = async (name: string, work: () => Promise<unknown>) => {
    await work(); // warm: page cache, the WebAssembly module
    samples[name] = [];
    for (let round = 0; round < rounds; round++) samples[name].push(await timed(work));
  };
  await measure('prepare before (validation + fingerprint)', async () => {
    await validateFile(path, { tier: 'standard' });
    await fingerprintFile(path);
  });
  await measure('segment hashes (prepare, in the background)', () => hashSegments(path, plan, bytes));
  await measure('send read, plain', () => readSegments(path, bytes, plan.chunkSize, false));
  await measure('send read, each segment hashed', () => readSegments(path, bytes, plan.chunkSize, true));
  const rows = Object.entries(samples).map(([name, runs]) => {
    const wall = median(runs.map((run) => run.wall));
    const cpu = median(runs.map((run) => run.cpu));
    return [
      name,
      formatNumber(wall === null ? null : wall * 1000, 1),
      formatNumber(cpu === null ? null : cpu * 1000, 1),
      name.startsWith('send') || name.startsWith('segment')
        ? formatNumber(wall ? mbPerSecond(bytes, wall) : null, 0)
        : '—',
    ];
  });
  const table: Table = {
    title: `Segment hashes (XXH64) — ${bytes / MIB} MiB file, ${plan.segmentsTotal} segments of ${plan.chunkSize / MIB} MiB`,
    headers: ['work', 'wall ms (median)', 'CPU ms (median)', 'MB/s'],
    rows,
    notes: [
      `${rounds} rounds after one warm-up, the file in the page cache (what prepare just read).`,
      'The send reads each segment once to send it, hashing as it goes, and hashes it once more before FINALIZE.',
    ],
  };
  return { tables: [table], goals: [], data: { bytes, samples } };
}
