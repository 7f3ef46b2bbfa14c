// An engine on a real ledger file with the fake X, a controllable clock and recorded events.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account } from '../../../main/common/account.ts';
import { abortableSleep } from '../../../main/core/engine/options.ts';
import type { EngineOptions } from '../../../main/core/engine/options.ts';
import { fingerprintFile } from '../../../main/core/engine/fingerprint.ts';
import type { ProgressEvent, QueueStatus } from '../../../main/common/progress.ts';
import { UploadEngine } from '../../../main/core/engine/upload-engine.ts';
import { Ledger } from '../../../main/core/ledger/ledger.ts';
import type { NewSession } from '../../../main/core/ledger/ledger.ts';
import type { Session } from '../../../main/common/session.ts';
import type { UploadClient } from '../../../main/core/x-api/types.ts';
import { newSession, testAccount } from '../../fakes/session-builder.ts';

export interface Recorded {
  progress: ProgressEvent[];
  changed: string[];
  statuses: QueueStatus[];
  batches: { succeeded: number; failed: number }[];
}

export interface Harness {
  dir: string;
  ledger: Ledger;
  engine: UploadEngine;
  recorded: Recorded;
  /** Moves the engine's clock forward (sleeps are short real waits; waits for a time loop on the clock). */
  advance(ms: number): void;
  now(): number;
  setReachable(value: boolean): void;
  /** A file of random bytes. */
  makeFile(bytes: number, name?: string): Promise<string>;
  /** A ready session for `path`, fingerprinted now. chunkSize defaults to 1,000 bytes so files have many segments. */
  prepare(path: string, overrides?: Partial<NewSession>): Promise<Session>;
  /** A second engine on the same ledger (as after a restart). */
  newEngine(): UploadEngine;
  close(): Promise<void>;
}

export interface HarnessOptions {
  clientFor: (account: Account) => Promise<UploadClient>;
  accounts?: readonly Account[];
  engine?: Partial<EngineOptions>;
}

export async function createHarness(options: HarnessOptions): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'xfer-engine-'));
  const ledger = Ledger.open(join(dir, 'ledger.db'));
  for (const account of options.accounts ?? [testAccount('a1')]) ledger.insertAccount(account);
  let offset = 0;
  let reachable = true;
  const now = (): number => Date.now() + offset;
  const recorded: Recorded = { progress: [], changed: [], statuses: [], batches: [] };
  const engines: UploadEngine[] = [];
  let files = 0;

  const newEngine = (): UploadEngine => {
    const engine = new UploadEngine({
      ledger,
      clientFor: options.clientFor,
      accounts: ledger,
      events: {
        onProgress: (event) => recorded.progress.push(event),
        onSessionChanged: (id) => recorded.changed.push(id),
        onQueueStatus: (status) => recorded.statuses.push(status),
        onBatchFinished: (summary) => recorded.batches.push(summary),
      },
      probe: async () => reachable,
      now,
      // Short real waits: long waits (429 resets) loop on the clock, which the test moves with advance().
      sleep: (ms, signal) => abortableSleep(Math.min(ms, 5), signal),
      retry: { baseDelayMs: 1, maxDelayMs: 4 },
      processing: { minPollIntervalMs: 1, maxPollIntervalMs: 5 },
      reconnect: { initialDelayMs: 2, maxDelayMs: 10 },
      ...options.engine,
    });
    engines.push(engine);
    return engine;
  };

  return {
    dir,
    ledger,
    engine: newEngine(),
    recorded,
    advance: (ms) => {
      offset += ms;
    },
    now,
    setReachable: (value) => {
      reachable = value;
    },
    makeFile: async (bytes, name) => {
      const path = join(dir, name ?? `file-${++files}.bin`);
      await writeFile(path, randomBytes(bytes));
      return path;
    },
    prepare: async (path, overrides = {}) => {
      const fingerprint = await fingerprintFile(path);
      const chunkSize = overrides.chunkSize ?? 1000;
      return ledger.insertSession(
        newSession({
          file: path,
          fingerprint,
          accountId: 'a1',
          totalBytes: fingerprint.size,
          chunkSize,
          segmentsTotal: Math.ceil(fingerprint.size / chunkSize),
          ...overrides,
        }),
      );
    },
    newEngine,
    close: async () => {
      for (const engine of engines) await engine.close();
      ledger.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
