// Validation throughput, in its own process (for its peak RSS): validateFile over a list of files with
// `concurrency` validations in flight, as the prepare screen does when a folder is dropped.
import { readFile } from 'node:fs/promises';
import { validateFile } from '../../main/core/media/validate-file.ts';
import { finish } from './job.ts';

interface Job {
  listPath: string;
  concurrency: number;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const files = JSON.parse(await readFile(job.listPath, 'utf8')) as string[];
let next = 0;
let passed = 0;
let refused = 0;
const codes = new Map<string, number>();

async function worker(): Promise<void> {
  while (next < files.length) {
    const file = files[next++] as string;
    const result = await validateFile(file, { tier: 'standard' });
    if (result.ok) passed += 1;
    else {
      refused += 1;
      const code = result.findings.find((finding) => finding.severity === 'error')?.code ?? 'unknown';
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
  }
}

try {
  const started = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  finish({ ok: true, seconds, files: files.length, passed, refused, refusals: Object.fromEntries(codes) });
} catch (error) {
  finish({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
}
