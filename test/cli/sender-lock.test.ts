// One sender per data folder, between real `xfer` processes: while a long `xfer send` runs, a
// second `xfer send` (or `upload`, `retry`) from the same folder exits 3 naming the first one's pid,
// read-only commands still work, and once the first has stopped the next send goes through.
// The sandbox runs in this test process and is slowed down so the first send lasts; the account's
// secrets go to a private Secret Service (test/setup/secret-service.ts), as in resume.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SENDER_LOCK_FILE } from '../../main/app/sender-lock.ts';
import { startSandbox, type Sandbox } from '../../main/core/sandbox/index.ts';
import { makePaddedVideo, makePng } from '../fixtures/media.ts';
import { startPrivateSecretService, type PrivateSecretService } from '../setup/secret-service.ts';
import { addApiAccount, jsonOf, startXfer, xfer, type XferOutcome } from './run-xfer.ts';

const MIB = 1024 * 1024;

let secretService: PrivateSecretService;
let sandbox: Sandbox;
let work: string;
let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  secretService = await startPrivateSecretService();
  work = await mkdtemp(join(tmpdir(), 'xfer-cli-sender-lock-'));
  dataDir = join(work, 'data');
  env = { ...secretService.env, XFER_KEYCHAIN_SERVICE: `xfer-test-${randomUUID()}` };
  sandbox = await startSandbox({ bandwidthBytesPerSec: MIB / 4 });
});
afterAll(async () => {
  await sandbox?.close();
  await secretService?.stop();
  await rm(work, { recursive: true, force: true });
});

const run = (...args: string[]): Promise<XferOutcome> => xfer(['--data-dir', dataDir, ...args], env);

async function prepareOne(file: string): Promise<string> {
  const outcome = await run('prepare', file, '--account', 'slow', '--json');
  expect(outcome.code, outcome.stderr).toBe(0);
  return jsonOf<{ sessions: { id: string }[] }>(outcome).sessions[0]!.id;
}

function lockHolder(): number | null {
  try {
    return (JSON.parse(readFileSync(join(dataDir, SENDER_LOCK_FILE), 'utf8')) as { pid: number }).pid;
  } catch {
    return null;
  }
}

describe('two xfer processes sending from one data folder', () => {
  it('the second exits 3 naming the first, which keeps sending; after the first stops, sending works again', async () => {
    const added = await addApiAccount(dataDir, 'slow', sandbox, env);
    expect(added.code, added.stderr).toBe(0);
    const long = await prepareOne(await makePaddedVideo(work, 6 * MIB)); // ~24 s at 256 KiB/s: far outlasts the checks below
    const other = await prepareOne(await makePng(work, { width: 20, height: 20 }));

    const first = startXfer(['--data-dir', dataDir, 'send', long], env);
    let ended: XferOutcome | null = null;
    void first.done.then((outcome) => (ended = outcome));
    while (lockHolder() !== first.child.pid) {
      if (ended) throw new Error(`the first send ended before taking the lock: ${JSON.stringify(ended)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    const message = `Another Xfer (pid ${first.child.pid}) is sending from this data folder; wait for it or stop it`;
    const second = await run('send', other);
    expect(second.code, second.stderr).toBe(3);
    expect(second.stderr).toContain(message);
    const json = await run('send', '--all', '--json');
    expect(json.code).toBe(3);
    expect(jsonOf(json)).toEqual({ error: { kind: 'environment', message } });
    const upload = await run('upload', await makePng(work, { width: 24, height: 24 }), '--account', 'slow');
    expect(upload.code, upload.stderr).toBe(3);
    const listed = await run('sessions', '--json'); // reading needs no lock
    expect(listed.code, listed.stderr).toBe(0);
    const sessions = jsonOf<{ sessions: { id: string; state: string }[] }>(listed).sessions;
    expect(sessions.map((session) => session.id).sort()).toEqual([long, other].sort()); // the refused upload prepared nothing
    expect(sessions.find((session) => session.id === other)?.state).toBe('ready');
    expect(ended).toBeNull(); // the first one is still sending

    first.child.kill('SIGINT');
    expect((await first.done).code).toBe(130);
    expect(existsSync(join(dataDir, SENDER_LOCK_FILE))).toBe(false);

    sandbox.setBandwidth(0);
    const after = await run('send', other, long);
    expect(after.code, after.stderr).toBe(0);
  });
});
