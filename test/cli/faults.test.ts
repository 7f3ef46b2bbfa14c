// `xfer --json upload` against a sandbox that injects faults: every upload ends, with one JSON document on
// stdout and the right bytes at X. The sandbox runs in this test process, reached by an account added with
// `--api-base` whose secrets go to a private, real Secret Service.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_FILE } from '../../main/core/log/logger.ts';
import { DEFAULT_RETRY_POLICY } from '../../main/core/engine/retry-policy.ts';
import { FAULT_KINDS, startSandbox, type FaultOptions, type Sandbox } from '../../main/core/sandbox/index.ts';
import { overlongWaits } from '../fakes/retry-delays.ts';
import { makeNoisePng, makePaddedVideo } from '../fixtures/media.ts';
import { startPrivateSecretService, type PrivateSecretService } from '../setup/secret-service.ts';
import { addApiAccount, jsonOf, xfer } from './run-xfer.ts';

const MIB = 1024 * 1024;
/**
 * Time for a client to build a retry and for its head to reach the sandbox, beyond the policy's delay, on this
 * shared 2-core machine. Far below what the bugs this catches cost: a 60 s timeout, a 60 s window.
 */
const RETRY_SLACK_MS = 2000;

let secretService: PrivateSecretService;
let work: string;
let env: NodeJS.ProcessEnv;
const sandboxes: Sandbox[] = [];

beforeAll(async () => {
  secretService = await startPrivateSecretService();
  work = await mkdtemp(join(tmpdir(), 'xfer-cli-faults-'));
  env = { ...secretService.env, XFER_KEYCHAIN_SERVICE: `xfer-test-${randomUUID()}` };
});
afterAll(async () => {
  for (const sandbox of sandboxes) await sandbox.close();
  await secretService?.stop();
  await rm(work, { recursive: true, force: true });
});

async function faultySandbox(faults: FaultOptions): Promise<{ sandbox: Sandbox; dataDir: string }> {
  const sandbox = await startSandbox({ faults });
  sandboxes.push(sandbox);
  const dataDir = await mkdtemp(join(work, 'data-'));
  const added = await addApiAccount(dataDir, 'faulty', sandbox, env);
  expect(added.code, added.stderr).toBe(0);
  return { sandbox, dataDir };
}

async function sha256(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

interface UploadedJson {
  sessions: { state: string; media_id: string | null; file: string }[];
}

describe('xfer --json upload under faults', () => {
  it('gets past servers that answer 503 before reading an APPEND and close (the early answer)', async () => {
    // Before the fix each early answer left its APPEND waiting for a body the server never read: the CLI
    // exited 13 ("unsettled top-level await") with nothing on stdout.
    const { sandbox, dataDir } = await faultySandbox({ rate: 0.3, seed: 1, kinds: ['early-503'] });
    const video = await makePaddedVideo(work, 50 * MIB);
    const outcome = await xfer(['--data-dir', dataDir, '--json', 'upload', video, '--account', 'faulty'], env);
    expect(outcome.code, outcome.stderr).toBe(0);
    const [session] = jsonOf<UploadedJson>(outcome).sessions;
    expect(session?.state).toBe('succeeded');
    expect(await sandbox.digest(session!.media_id!)).toBe(await sha256(video));
  });

  it('10 uploads (images and 50 MB videos) in one run at 30% faults of every kind: exit 0, one JSON document, every byte right, no request waiting longer than its retry delay', async () => {
    // Every kind, the early answer included; an injected 429 resets at the next whole second.
    expect(FAULT_KINDS).toContain('early-503');
    const { sandbox, dataDir } = await faultySandbox({ rate: 0.3, seed: 20 });
    const files: string[] = [];
    for (let index = 0; index < 8; index++) {
      files.push(await makeNoisePng(work, { width: 300 + index * 40, height: 200 + index * 10 }));
    }
    files.push(await makePaddedVideo(work, 50 * MIB), await makePaddedVideo(work, 50 * MIB + 12_345));
    const outcome = await xfer(['--data-dir', dataDir, '--json', 'upload', ...files, '--account', 'faulty'], env);
    expect(outcome.code, outcome.stderr).toBe(0);
    const uploaded = jsonOf<UploadedJson>(outcome).sessions;
    expect(uploaded).toHaveLength(10);
    for (const session of uploaded) {
      expect(session.state).toBe('succeeded');
      expect(await sandbox.digest(session.media_id!), session.file).toBe(await sha256(session.file));
    }
    const log = sandbox.requests();
    expect(new Set(log.map((entry) => entry.fault))).toEqual(new Set([null, ...FAULT_KINDS]));
    expect(overlongWaits(log, DEFAULT_RETRY_POLICY, RETRY_SLACK_MS)).toEqual([]);

    // The log tells the story (failures with their kind, what the policy did, each state) and holds no secret.
    const logText = await readFile(join(dataDir, LOG_FILE), 'utf8');
    expect(logText).toMatch(/"event":"request\.failed","session":"[^"]+","kind":"server","status":503/);
    expect(logText).toContain('"then":"wait_until"');
    expect(logText).toContain('"to":"succeeded"');
    const secrets = [sandbox.consumerSecret, ...sandbox.users.flatMap((user) => [user.token, user.tokenSecret])];
    for (const secret of secrets) expect(logText).not.toContain(secret);
  });
});
