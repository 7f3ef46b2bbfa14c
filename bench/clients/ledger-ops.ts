// The ledger under a big queue, in its own process (for its peak RSS): prepare 10,000 sessions, list them,
// and record upload progress (segment acks, processing percent) — alone, then while a second process
// reads the same file in a loop the way the app's sessions list does (clients/ledger-reader.ts).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger, type NewSession } from '../../main/core/ledger/index.ts';
import type { ValidationResult } from '../../main/common/media-types.ts';
import { finish } from './job.ts';

interface Job {
  sessions: number;
  /** A real ValidationResult, stored with every session as the app does. */
  validation: ValidationResult;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const dir = await mkdtemp(join(tmpdir(), 'xfer-bench-ledger-'));
const path = join(dir, 'ledger.sqlite');

function msPerOp(count: number, work: () => void): number {
  const started = performance.now();
  work();
  return (performance.now() - started) / count;
}

try {
  const ledger = Ledger.open(path);
  const accountId = 'bench-account';
  ledger.insertAccount({
    id: accountId,
    name: 'bench',
    kind: 'sandbox',
    userId: '1880000000000000001',
    screenName: 'xfer_demo',
    api: 'v2',
    apiBase: 'https://127.0.0.1:1',
    uploadBase: 'https://127.0.0.1:1',
    tier: 'standard',
    verifiedAt: null,
    createdAt: Date.now(),
  });
  const session = (index: number): NewSession => ({
    state: 'ready',
    file: `/home/user/Videos/clip-${index}.mp4`,
    fingerprint: { size: 104_857_600, mtimeMs: 1_700_000_000_000 + index, edgeHash: 'ab'.repeat(32) },
    accountId,
    api: 'v2',
    totalBytes: 104_857_600,
    mediaType: 'video/mp4',
    mediaCategory: 'tweet_video',
    additionalOwners: [],
    altText: null,
    validation: { ...job.validation, file: `/home/user/Videos/clip-${index}.mp4` },
    chunkSize: 5_242_880,
    segmentsTotal: 20,
  });
  const ids: string[] = [];
  // As prepare records them: all the sessions of one drop in one transaction (Ledger.insertSessions).
  const prepare = msPerOp(job.sessions, () => {
    const drafts = Array.from({ length: job.sessions }, (_, index) => session(index));
    for (const inserted of ledger.insertSessions(drafts)) ids.push(inserted.id);
  });
  // One at a time (one transaction each), as sessions added one by one are.
  const single = msPerOp(1000, () => {
    for (let index = 0; index < 1000; index += 1) ids.push(ledger.insertSession(session(job.sessions + index)).id);
  });
  for (const id of ids.splice(job.sessions)) ledger.forgetSession(id);
  let listed = 0;
  const listAll = msPerOp(5, () => {
    for (let round = 0; round < 5; round += 1) listed = ledger.listSessions().length;
  });
  if (listed !== job.sessions) throw new Error(`listed ${listed} of ${job.sessions} sessions`);
  const listPage = msPerOp(100, () => {
    for (let page = 0; page < 100; page += 1) ledger.listSessions({ limit: 100, offset: page * 100 });
  });
  const count = msPerOp(100, () => {
    for (let round = 0; round < 100; round += 1) ledger.countByState();
  });
  // Progress as the engine records it: one ack per segment, on the sessions being uploaded.
  const acks = Math.min(10_000, job.sessions);
  const ackAlone = msPerOp(acks, () => {
    for (let index = 0; index < acks; index += 1) ledger.ackSegment(ids[index % ids.length] as string, 0, 5_242_880);
  });
  const reader = spawn(process.execPath, [join(import.meta.dirname, 'ledger-reader.ts'), path], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => reader.stdout.once('data', () => resolve())); // the reader is looping
  const ackUnderLoad = msPerOp(acks, () => {
    for (let index = 0; index < acks; index += 1) ledger.ackSegment(ids[index % ids.length] as string, 1, 5_242_880);
  });
  const percentUnderLoad = msPerOp(acks, () => {
    for (let index = 0; index < acks; index += 1)
      ledger.updateSession(ids[index % ids.length] as string, { processingPercent: index % 100 });
  });
  reader.kill('SIGTERM');
  const readerOutput = await new Promise<string>((resolve) => {
    let text = '';
    reader.stdout.setEncoding('utf8').on('data', (part: string) => (text += part));
    reader.on('close', () => resolve(text));
  });
  const readerLists = Number(/lists=(\d+)/.exec(readerOutput)?.[1] ?? 0);
  ledger.close();
  finish({
    ok: true,
    sessions: job.sessions,
    prepare,
    single,
    listAll,
    listPage,
    count,
    ackAlone,
    ackUnderLoad,
    percentUnderLoad,
    readerLists,
  });
} catch (error) {
  finish({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
} finally {
  await rm(dir, { recursive: true, force: true });
}
