// The `xfer` CLI end to end: the real bin in child processes, a temporary data dir, and the
// built-in sandbox account (each command's embedded sandbox lives as long as the command).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_USERS } from '../../main/core/sandbox/index.ts';
import { makeGif, makePng, makeVideo } from '../fixtures/media.ts';
import { runCli } from '../../main/cli/main.ts';
import { jsonOf, xfer, type XferOutcome } from './run-xfer.ts';

async function runInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runCli(args, { stdout, stderr, env: {}, signal: new AbortController().signal });
  return { code, stdout: out, stderr: err };
}

interface SessionOut {
  id: string;
  state: string;
  file: string;
  account: string | null;
  total_bytes: number;
  media_type: string;
  media_category: string;
  additional_owners: string[];
  media_id: string | null;
  expires_at: string | null;
  error: { kind: string; message: string } | null;
  problems: { code: string; message: string }[];
}
type SessionsOut = { sessions: SessionOut[]; refused?: { id: string; error: { kind: string; message: string } }[] };

let media: string;
let video: string;
let image: string;
let gif: string;
let junk: string;
let dataDir: string;

beforeAll(async () => {
  media = await mkdtemp(join(tmpdir(), 'xfer-cli-media-'));
  video = await makeVideo(media, { seconds: 1, width: 160, height: 120, fps: 30, codec: 'h264', audio: 'aac' });
  image = await makePng(media, { width: 64, height: 48 });
  gif = await makeGif(media, { frames: 3, width: 32, height: 32 });
  junk = join(media, 'notes.bin');
  await writeFile(junk, 'not a media file at all');
});
afterAll(async () => {
  await rm(media, { recursive: true, force: true });
});
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'xfer-cli-data-'));
  return () => rm(dataDir, { recursive: true, force: true });
});

const run = (...args: string[]): Promise<XferOutcome> => xfer(['--data-dir', dataDir, ...args]);

function expectSessionShape(session: SessionOut): void {
  expect(Object.keys(session)).toEqual(
    expect.arrayContaining([
      'id',
      'state',
      'file',
      'account',
      'total_bytes',
      'media_type',
      'media_category',
      'additional_owners',
      'media_id',
      'expires_at',
      'error',
    ]),
  );
}

describe('xfer upload with the built-in sandbox account', () => {
  it('uploads every file, exits 0, and prints one JSON document with each session', async () => {
    const outcome = await run('upload', video, image, gif, '--account', 'sandbox', '--json');
    expect(outcome.code, outcome.stderr).toBe(0);
    const { sessions } = jsonOf<SessionsOut>(outcome);
    expect(sessions.map((session) => session.file)).toEqual([video, image, gif]);
    for (const session of sessions) {
      expectSessionShape(session);
      expect(session.state).toBe('succeeded');
      expect(session.account).toBe('sandbox');
      expect(session.media_id).toMatch(/^\d{19}$/);
      expect(session.error).toBeNull();
      expect(Date.parse(session.expires_at ?? '')).toBeGreaterThan(Date.now());
    }
  });

  it('gives each file the Post category that fits its detected type when --category is absent', async () => {
    const { sessions } = jsonOf<SessionsOut>(await run('prepare', video, image, gif, '--account', 'sandbox', '--json'));
    expect(sessions.map((session) => [session.media_type, session.media_category])).toEqual([
      ['video/mp4', 'tweet_video'],
      ['image/png', 'tweet_image'],
      ['image/gif', 'tweet_gif'],
    ]);
  });

  it('shows a progress line per file on stderr when not on a terminal, and a summary', async () => {
    const outcome = await run('upload', image, '--account', 'sandbox');
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toMatch(/\.png\s+\[#+\]\s+100%\s+succeeded/);
    expect(outcome.stderr).toContain('1 of 1 file uploaded');
    expect(outcome.stdout).toMatch(/succeeded\s+.*\.png\s+sandbox @xfer_demo\s+tweet_image/);
  });

  it('records additional owners given as own account names and as numeric user ids', async () => {
    const other = SANDBOX_USERS[1]!.userId;
    const outcome = await run('upload', image, '--account', 'sandbox', '--owners', `sandbox,${other}`, '--json');
    expect(outcome.code, outcome.stderr).toBe(0);
    const [session] = jsonOf<SessionsOut>(outcome).sessions;
    expect(session?.additional_owners).toEqual([SANDBOX_USERS[0]!.userId, other]);
  });
});

describe('xfer prepare and send in separate commands', () => {
  it('prepares offline as ready, then sends by id and exits 0', async () => {
    const prepared = await run('prepare', image, video, '--account', 'sandbox', '--json');
    expect(prepared.code, prepared.stderr).toBe(0);
    const ids = jsonOf<SessionsOut>(prepared).sessions.map((session) => {
      expect(session.state).toBe('ready');
      expect(session.media_id).toBeNull();
      return session.id;
    });
    const sent = await run('send', ...ids, '--json');
    expect(sent.code, sent.stderr).toBe(0);
    expect(jsonOf<SessionsOut>(sent).sessions.map((session) => session.state)).toEqual(['succeeded', 'succeeded']);
  });

  it('send --all sends every ready session; a session id prefix is accepted', async () => {
    const [first] = jsonOf<SessionsOut>(await run('prepare', image, '--account', 'sandbox', '--json')).sessions;
    await run('prepare', gif, '--account', 'sandbox');
    const byPrefix = await run('send', first!.id.slice(0, 8), '--json');
    expect(jsonOf<SessionsOut>(byPrefix).sessions.map((session) => session.id)).toEqual([first!.id]);
    const all = await run('send', '--all', '--json');
    expect(all.code).toBe(0);
    expect(jsonOf<SessionsOut>(all).sessions.map((session) => session.media_category)).toEqual(['tweet_gif']);
  });

  it('a file that fails validation becomes a draft with its reasons, exit 1; sending it is refused, exit 1', async () => {
    const prepared = await run('prepare', junk, '--account', 'sandbox', '--json');
    expect(prepared.code).toBe(1);
    const [draft] = jsonOf<SessionsOut>(prepared).sessions;
    expect(draft?.state).toBe('draft');
    expect(draft?.problems.length).toBeGreaterThan(0);
    const sent = await run('send', draft!.id, '--json');
    expect(sent.code).toBe(1);
    expect(jsonOf<SessionsOut>(sent).refused?.[0]?.error.kind).toBe('validation');
  });

  it('upload exits 1 when any file is a draft, and still uploads the others', async () => {
    const outcome = await run('upload', image, junk, '--account', 'sandbox', '--json');
    expect(outcome.code).toBe(1);
    expect(jsonOf<SessionsOut>(outcome).sessions.map((session) => session.state)).toEqual(['succeeded', 'draft']);
  });
});

describe('xfer sessions, cancel, retry, forget', () => {
  it('lists with filters, cancels, retries to success, and forgets', async () => {
    const [session] = jsonOf<SessionsOut>(await run('prepare', image, '--account', 'sandbox', '--json')).sessions;
    const id = session!.id;
    const cancelled = await run('cancel', id, '--json');
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(jsonOf<{ session: SessionOut }>(cancelled).session.state).toBe('cancelled');

    const listed = jsonOf<SessionsOut>(await run('sessions', '--state', 'cancelled', '--account', 'sandbox', '--json'));
    expect(listed.sessions.map((item) => item.id)).toEqual([id]);
    expect(jsonOf<SessionsOut>(await run('sessions', '--state', 'ready', '--json')).sessions).toEqual([]);

    const retried = await run('retry', id, '--json');
    expect(retried.code, retried.stderr).toBe(0);
    expect(jsonOf<SessionsOut>(retried).sessions[0]?.state).toBe('succeeded');

    const forgotten = await run('forget', id, '--json');
    expect(jsonOf(forgotten)).toEqual({ forgotten: id });
    expect(jsonOf<SessionsOut>(await run('sessions', '--json')).sessions).toEqual([]);
  });
});

describe('without an OS keychain', () => {
  const noKeychain = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/xfer-test-bus' };

  it('the built-in sandbox account still uploads', async () => {
    const outcome = await xfer(['--data-dir', dataDir, 'upload', image, '--account', 'sandbox'], noKeychain);
    expect(outcome.code, outcome.stderr).toBe(0);
  });

  it('adding an X account exits 3 with the fix-it message', async () => {
    const outcome = await xfer(['--data-dir', dataDir, 'accounts', 'add', 'bob', '--consumer-key', 'k', '--offline'], {
      ...noKeychain,
      XFER_CONSUMER_SECRET: 'consumer-secret-value',
      XFER_TOKEN: 'token-value',
      XFER_TOKEN_SECRET: 'token-secret-value',
    });
    expect(outcome.code).toBe(3);
    expect(outcome.stderr).toContain('No Secret Service is available');
    expect(outcome.stderr + outcome.stdout).not.toMatch(/consumer-secret-value|token-value|token-secret-value/);
  });
});

describe('global options', () => {
  it('mean the same before and after the command', async () => {
    await run('prepare', image, '--account', 'sandbox');
    const before = await xfer(['--json', '--data-dir', dataDir, 'sessions']);
    const after = await xfer(['sessions', '--data-dir', dataDir, '--json']);
    expect(before.code).toBe(0);
    expect(jsonOf<SessionsOut>(before).sessions).toHaveLength(1);
    expect(after.stdout).toBe(before.stdout);
  });

  it('take the data dir from XFER_DATA_DIR when --data-dir is absent', async () => {
    await run('prepare', image, '--account', 'sandbox');
    const outcome = await xfer(['sessions', '--json'], { XFER_DATA_DIR: dataDir });
    expect(jsonOf<SessionsOut>(outcome).sessions).toHaveLength(1);
  });

  it('--help prints the commands and exits 0; a command --help prints its usage', async () => {
    const help = await xfer(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('xfer [--data-dir DIR] [--json] [--no-color] COMMAND');
    const sendHelp = await xfer(['send', '--help']);
    expect(sendHelp.stdout).toContain('Usage: xfer send');
  });
});

describe('exit codes and usage errors', () => {
  const usage: [string, string[], RegExp][] = [
    ['an unknown command', ['frobnicate'], /Unknown command "frobnicate"/],
    ['no command', [], /Usage: xfer/],
    [
      'prepare without --account',
      ['prepare', 'x.png'],
      /--account NAME is required: one of your accounts \(xfer accounts\), or sandbox/,
    ],
    [
      'an unknown category',
      ['prepare', 'x.png', '--account', 'a', '--category', 'tweet_movie'],
      /--category must be one of .*"tweet_movie"/,
    ],
    ['an unknown option', ['sessions', '--colour'], /sessions: unknown option --colour/],
    ['send without ids', ['send'], /nothing to send/],
    ['an unknown session', ['cancel', 'deadbeef-0000'], /No session with id "deadbeef-0000"/],
    ['a bad concurrency', ['send', '--all', '--concurrency', '0'], /--concurrency must be a whole number/],
    ['--data-dir without a value', ['sessions', '--data-dir'], /--data-dir needs a folder/],
  ];
  // In process through runCli (what bin/xfer.js runs), so the table stays cheap; the bin's own exit code is checked below.
  for (const [name, args, message] of usage) {
    it(`exits 2 and names the problem for ${name}`, async () => {
      const outcome = await runInProcess(args.includes('--data-dir') ? args : ['--data-dir', dataDir, ...args]);
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toMatch(message);
    });
  }

  it('passes the usage exit code through the real bin', async () => {
    const outcome = await run('frobnicate', '--json');
    expect(outcome.code).toBe(2);
    expect(jsonOf<{ error: { kind: string } }>(outcome).error.kind).toBe('bad_request');
  });

  it('exits 2 for a file that does not exist, naming it', async () => {
    const outcome = await run('prepare', join(media, 'missing.png'), '--account', 'sandbox');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('no such file');
    expect(outcome.stderr).toContain('missing.png');
  });

  it('exits 2 for more than 100 owners and for alt text over 1000 characters', async () => {
    const owners = Array.from({ length: 101 }, (_, index) => String(1000 + index)).join(',');
    const tooMany = await run('prepare', image, '--account', 'sandbox', '--owners', owners);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toMatch(/at most 100 owners; got 101/);
    const tooLong = await run('prepare', image, '--account', 'sandbox', '--alt', 'a'.repeat(1001));
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toMatch(/--alt is 1001 characters; at most 1000/);
  });

  it('exits 2 for an owner that is neither a user id nor an own account', async () => {
    const outcome = await run('prepare', image, '--account', 'sandbox', '--owners', 'nobody_here');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('Owner "nobody_here"');
  });

  it('exits 2 for an unknown account, naming it', async () => {
    const outcome = await run('prepare', image, '--account', 'bob', '--json');
    expect(outcome.code).toBe(2);
    expect(jsonOf<{ error: { kind: string; message: string } }>(outcome).error.message).toContain('"bob"');
  });

  it('exits 3 when the data dir cannot be written, with a JSON error under --json', async () => {
    const blocker = join(dataDir, 'a-file');
    await writeFile(blocker, '');
    const outcome = await xfer(['sessions', '--json', '--data-dir', join(blocker, 'inside')]);
    expect(outcome.code).toBe(3);
    expect(jsonOf<{ error: { kind: string } }>(outcome).error.kind).toBe('environment');
    expect(outcome.stderr).toContain('not writable');
  });
});
