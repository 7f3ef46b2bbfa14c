// `xfer accounts` with the real ledger in a temporary data dir, a real Secret Service and the
// sandbox as X. Every word the command prints is captured and searched for secrets.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Entry } from '@napi-rs/keyring';
import { LOG_FILE } from '../../main/core/log/logger.ts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccountsCommand, openDefaultAccountsServices, run } from '../../main/cli/commands/accounts.ts';
import { run as runPrepare } from '../../main/cli/commands/prepare.ts';
import { run as runSessions } from '../../main/cli/commands/sessions.ts';
import { makeVideo } from '../fixtures/media.ts';
import type { CliContext } from '../../main/cli/context.ts';
import { startSandbox, type Sandbox } from '../../main/core/sandbox/index.ts';
import { startPrivateSecretService, type PrivateSecretService } from '../setup/secret-service.ts';

const execFileAsync = promisify(execFile);
const xferBin = fileURLToPath(new URL('../../bin/xfer.js', import.meta.url));

let secretService: PrivateSecretService;
let sandbox: Sandbox;
beforeAll(async () => {
  secretService = await startPrivateSecretService();
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
  await secretService?.stop();
});

let dataDir: string;
let keychainService: string;
/** Everything any command printed in this test, for the secret search. */
let printed: string[];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'xfer-cli-accounts-'));
  keychainService = `xfer-test-${randomUUID()}`;
  printed = [];
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function context(env: NodeJS.ProcessEnv, json: boolean) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const ctx: CliContext = {
    stdout,
    stderr,
    env: { XFER_KEYCHAIN_SERVICE: keychainService, ...env },
    dataDir,
    json,
    signal: new AbortController().signal,
  };
  return { ctx, stderr, out, err };
}

async function xfer(argv: string[], options: { env?: NodeJS.ProcessEnv; json?: boolean } = {}): Promise<Outcome> {
  const { ctx, out, err } = context(options.env ?? {}, options.json ?? false);
  const code = await run(argv, ctx);
  const outcome = { code, stdout: out.join(''), stderr: err.join('') };
  printed.push(outcome.stdout, outcome.stderr);
  return outcome;
}

const demoEnv = (user = 0): NodeJS.ProcessEnv => ({
  XFER_CONSUMER_SECRET: sandbox.consumerSecret,
  XFER_TOKEN: sandbox.users[user]!.token,
  XFER_TOKEN_SECRET: sandbox.users[user]!.tokenSecret,
});

const addArgs = (name: string, ...more: string[]) => [
  'add',
  name,
  '--consumer-key',
  sandbox.consumerKey,
  '--api-base',
  sandbox.url,
  ...more,
];

async function listed(): Promise<
  { name: string; id: string; screen_name: string | null; verified_at: string | null }[]
> {
  const { code, stdout } = await xfer(['list'], { json: true });
  expect(code).toBe(0);
  return JSON.parse(stdout);
}

describe('xfer accounts add', () => {
  it('adds an account from environment variables, verified against the API', async () => {
    const added = await xfer(addArgs('demo'), { env: demoEnv() });
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toContain(`Added "demo" (as @${sandbox.users[0]!.screenName})`);
    const [account] = await listed();
    expect(account).toMatchObject({ name: 'demo', screen_name: sandbox.users[0]!.screenName });
    expect(account!.verified_at).not.toBeNull();
    expect(new Entry(keychainService, `account:${account!.id}`).getPassword()).toContain(sandbox.users[0]!.tokenSecret);
  });

  it('adds offline from flags, unverified until `verify`', async () => {
    const user = sandbox.users[1]!;
    const flags = [
      '--consumer-secret',
      sandbox.consumerSecret,
      '--token',
      user.token,
      '--token-secret',
      user.tokenSecret,
      '--offline',
    ];
    expect((await xfer(addArgs('later', ...flags))).code).toBe(0);
    expect((await listed())[0]).toMatchObject({ name: 'later', verified_at: null, screen_name: null });
    const verified = await xfer(['verify', 'later'], { json: true });
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({
      name: 'later',
      screen_name: user.screenName,
      user_id: user.userId,
    });
  });

  it('logs in with --pin: prints the authorize page and reads the PIN from stdin', async () => {
    const stdin = new PassThrough();
    const command = createAccountsCommand(openDefaultAccountsServices, { stdin });
    const { ctx, stderr, out, err } = context({ XFER_CONSUMER_SECRET: sandbox.consumerSecret }, true);
    // Plays the user: reads the page from the prompt, "approves" there, types the PIN.
    stderr.on('data', (chunk: Buffer) => {
      const page = /https?:\/\/\S+oauth_token=\S+/.exec(chunk.toString());
      if (page) stdin.end(`${sandbox.pinFor(new URL(page[0]).searchParams.get('oauth_token')!)}\n`);
    });
    const code = await command(addArgs('pinned', '--pin', '--api', 'v1.1', '--tier', 'premium'), ctx);
    printed.push(out.join(''), err.join(''));
    expect(code).toBe(0);
    expect(err.join('')).toContain(`${sandbox.url}/oauth/authorize?oauth_token=`);
    expect(JSON.parse(out.join(''))).toMatchObject({
      name: 'pinned',
      api: 'v1.1',
      tier: 'premium',
      screen_name: sandbox.users[0]!.screenName,
    });
  });

  it('fails with exit 1 when the API rejects the tokens, and saves nothing', async () => {
    const rejected = await xfer(addArgs('bad'), { env: { ...demoEnv(), XFER_TOKEN_SECRET: 'not-the-secret' } });
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/^xfer: /);
    expect(await listed()).toEqual([]);
  });

  it('fails with exit 1 on a name that is taken', async () => {
    expect((await xfer(addArgs('twice', '--offline'), { env: demoEnv() })).code).toBe(0);
    expect((await xfer(addArgs('twice', '--offline'), { env: demoEnv() })).code).toBe(1);
  });

  it('is a usage error (exit 2) without tokens, with a bad --api, or with an unknown option', async () => {
    const noTokens = await xfer(addArgs('x'), { env: { XFER_CONSUMER_SECRET: 's' } });
    expect(noTokens.code).toBe(2);
    expect(noTokens.stderr).toContain('--pin');
    expect((await xfer(addArgs('x', '--api', 'v3'), { env: demoEnv() })).code).toBe(2);
    expect((await xfer(addArgs('x', '--colour'), { env: demoEnv() })).code).toBe(2);
    expect((await xfer(['rename', 'x'])).code).toBe(2);
  });
});

describe('xfer accounts list, verify, remove', () => {
  it('on a fresh install says how to start: the built-in sandbox by name, or adding an X account', async () => {
    const empty = await xfer([]);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('--account sandbox');
    expect(empty.stdout).toContain('xfer accounts add NAME --pin');
  });

  it('lists in words, and as one JSON document with --json', async () => {
    await xfer(addArgs('words'), { env: demoEnv() });
    const text = await xfer([]);
    const [header, row] = text.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^NAME\s+HANDLE\s+SERVER\s+API\s+AUTH\s+TIER\s+VERIFIED$/);
    // An account that does not talk to X itself is labelled with its host.
    expect(row).toMatch(
      new RegExp(
        `^words\\s+@${sandbox.users[0]!.screenName}\\s+${new URL(sandbox.url).host}\\s+v2\\s+OAuth 1\\.0a\\s+standard\\s+\\d{4}-`,
      ),
    );
    const json = await xfer(['list'], { json: true });
    expect(JSON.parse(json.stdout)).toHaveLength(1);
  });

  it('removes an account and its keychain entry', async () => {
    await xfer(addArgs('gone'), { env: demoEnv() });
    const [account] = await listed();
    const removed = await xfer(['remove', 'gone'], { json: true });
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual({ removed: 'gone' });
    expect(new Entry(keychainService, `account:${account!.id}`).getPassword()).toBeNull();
    expect(await listed()).toEqual([]);
  });

  it("verifies the built-in sandbox account against this run's embedded sandbox", async () => {
    const verified = await xfer(['verify', 'sandbox'], { json: true });
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ name: 'sandbox', kind: 'sandbox', screen_name: 'xfer_demo' });
    // The next command runs another sandbox on another port: the row keeps a marker, not an origin.
    expect((await listed())[0]).toMatchObject({ name: 'sandbox', api_base: 'sandbox:' });
  });

  it('does not bring the sandbox account back once removed', async () => {
    expect((await xfer(['verify', 'sandbox'])).code).toBe(0);
    expect((await xfer(['remove', 'sandbox'])).code).toBe(0);
    expect((await xfer(['verify', 'sandbox'])).code).toBe(2);
    expect(await listed()).toEqual([]);
  });

  it('says an unknown name is not there (exit 2)', async () => {
    const missing = await xfer(['remove', 'nobody']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nobody');
  });
});

describe('xfer accounts edit', () => {
  it('renames an account and changes its tier, as the window does, keeping its id', async () => {
    expect((await xfer(addArgs('alice', '--offline'), { env: demoEnv() })).code).toBe(0);
    const [before] = await listed();
    const edited = await xfer(['edit', 'alice', '--name', 'brand.main', '--tier', 'premium']);
    expect(edited).toMatchObject({ code: 0, stderr: '' });
    expect(edited.stdout).toBe('"alice": renamed to "brand.main", tier standard → premium\n');
    expect(await listed()).toEqual([expect.objectContaining({ id: before!.id, name: 'brand.main', tier: 'premium' })]);
    const json = await xfer(['edit', 'brand.main', '--tier', 'standard'], { json: true });
    expect(JSON.parse(json.stdout)).toMatchObject({ id: before!.id, name: 'brand.main', tier: 'standard' });
    expect((await xfer(['edit', 'brand.main', '--tier', 'standard'])).stdout).toBe('"brand.main" is unchanged\n');
  });

  it("re-checks the account's drafts under its new tier (the window's edit path)", async () => {
    expect((await xfer(addArgs('tiered', '--offline'), { env: demoEnv() })).code).toBe(0);
    const clip = await makeVideo(dataDir, { seconds: 1, width: 1920, height: 1080, fps: 30, codec: 'h264' });
    const prepared = context({}, true);
    await runPrepare([clip, '--account', 'tiered', '--category', 'tweet_video'], prepared.ctx);
    const {
      sessions: [session],
    } = JSON.parse(prepared.out.join('')) as { sessions: { id: string; state: string }[] };
    // 1080p is over a standard account's box; premium keeps it (only a warning).
    expect(session!.state).toBe('draft');
    expect((await xfer(['edit', 'tiered', '--tier', 'premium'])).code).toBe(0);
    const listedSessions = context({}, true);
    expect(await runSessions([], listedSessions.ctx)).toBe(0);
    expect(JSON.parse(listedSessions.out.join('')).sessions).toEqual([
      expect.objectContaining({ id: session!.id, state: 'ready' }),
    ]);
  });

  it('says what is wrong, with the exit code of each failure, and saves nothing', async () => {
    expect((await xfer(addArgs('alice', '--offline'), { env: demoEnv() })).code).toBe(0);
    expect((await xfer(addArgs('bob', '--offline'), { env: demoEnv(1) })).code).toBe(0);
    const unknown = await xfer(['edit', 'alise', '--tier', 'premium']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('xfer: No account is named "alise". Did you mean "alice"? (see: xfer accounts list)\n');
    // The sandbox account is made on first use, so a near miss of it is suggested before it exists.
    const nearSandbox = await xfer(['edit', 'sandx', '--tier', 'premium']);
    expect(nearSandbox.code).toBe(2);
    expect(nearSandbox.stderr).toContain('Did you mean "sandbox"?');
    const badName = await xfer(['edit', 'alice', '--name', 'two words']);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('An account name is 1–64 letters, digits, and . _ @ -');
    const taken = await xfer(['edit', 'alice', '--name', 'BOB'], { json: true });
    expect(taken.code).toBe(1);
    expect(JSON.parse(taken.stdout)).toEqual({
      error: { kind: 'validation', message: expect.stringContaining('An account named "BOB" already exists') },
    });
    const badTier = await xfer(['edit', 'alice', '--tier', 'premum']);
    expect(badTier.code).toBe(2);
    expect(badTier.stderr).toContain('--tier is standard or premium, got "premum". Did you mean "premium"?');
    const option = await xfer(['edit', 'alice', '--nme', 'x']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('Did you mean --name?');
    expect((await xfer(['edit', 'alice'])).code).toBe(2);
    expect((await xfer(['edit', '--tier', 'premium'])).code).toBe(2);
    expect((await xfer(['edt', 'alice'])).stderr).toContain('Did you mean "edit"?');
    expect((await listed()).map(({ name, tier }: { name: string; tier?: string }) => `${name}:${tier}`)).toEqual([
      'alice:standard',
      'bob:standard',
    ]);
  });
});

describe('secrets', () => {
  it('appear nowhere in what the commands print or in the data dir', async () => {
    const consumerSecret = `cli-consumer-secret-${randomUUID()}`;
    const token = `cli-token-${randomUUID()}`;
    const tokenSecret = `cli-token-secret-${randomUUID()}`;
    const env = { XFER_CONSUMER_SECRET: consumerSecret, XFER_TOKEN: token, XFER_TOKEN_SECRET: tokenSecret };
    expect(
      (await xfer(['add', 'leaky', '--consumer-key', 'ck', '--api-base', sandbox.url, '--offline'], { env })).code,
    ).toBe(0);
    expect(
      (
        await xfer(['add', 'leaky2', '--consumer-key', 'ck', '--api-base', sandbox.url, '--offline'], {
          env,
          json: true,
        })
      ).code,
    ).toBe(0);
    expect((await xfer(['add', 'leaky3', '--consumer-key', 'ck', '--api-base', sandbox.url], { env })).code).toBe(1); // rejected by the API
    await xfer(['list']);
    await xfer(['list'], { json: true });
    expect((await xfer(['verify', 'leaky'])).code).toBe(1); // the sandbox does not know these tokens
    await xfer(['verify', 'leaky2'], { json: true });
    await xfer(['remove', 'leaky2']);

    const files = await readdir(dataDir);
    // Every ledger file there is (the CLI closes the ledger, which folds the -wal back into it).
    expect(files.some((file) => file.startsWith('ledger.sqlite'))).toBe(true);
    // And the log (rotated ones too): it has something in it, and no secret.
    expect(files).toContain(LOG_FILE);
    const fileTexts = await Promise.all(files.map((file) => readFile(join(dataDir, file), 'latin1')));
    for (const haystack of [...printed, ...fileTexts]) {
      for (const secret of [consumerSecret, token, tokenSecret]) expect(haystack).not.toContain(secret);
    }
    // The search does see what it searches: the public facts are there.
    expect(printed.join('')).toContain('leaky');
    expect(fileTexts.join('')).toContain('leaky');
    expect(fileTexts[files.indexOf(LOG_FILE)]).toContain('"event":"services.open"');
  });
});

// libdbus reads DBUS_SESSION_BUS_ADDRESS once per process: the no-keychain case runs `xfer` itself.
describe.runIf(process.platform === 'linux')('without a Secret Service', () => {
  it('exits 3 with the message that says how to fix it', async () => {
    const outcome = await execFileAsync(
      process.execPath,
      [xferBin, '--data-dir', dataDir, 'accounts', ...addArgs('nokeychain')],
      {
        env: {
          ...process.env,
          ...demoEnv(),
          DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/xfer-test-bus',
          XFER_KEYCHAIN_SERVICE: keychainService,
        },
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (failure: { code: number; stderr: string }) => ({ code: failure.code, stderr: failure.stderr }),
    );
    expect(outcome.code).toBe(3);
    expect(outcome.stderr).toContain('No Secret Service');
    expect(outcome.stderr).toContain('gnome-keyring');
    expect(outcome.stderr).toContain('DBUS_SESSION_BUS_ADDRESS');
    expect(outcome.stderr).not.toContain(sandbox.users[0]!.tokenSecret);
  });
});
