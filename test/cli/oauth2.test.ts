// `xfer accounts add NAME --oauth2` in a child process against the sandbox, the test playing the
// browser: the printed authorize URL is opened, approved, and the redirect followed (or pasted on
// stdin). The account then uploads and posts with Bearer tokens, and its tokens are only in the
// Secret Service. A denied sign-in leaves no account and no keychain entry.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCredentials } from '@napi-rs/keyring';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../main/core/sandbox/index.ts';
import { makePng } from '../fixtures/media.ts';
import { answerConsent, followRedirect } from '../fakes/oauth2-browser.ts';
import { startPrivateSecretService, type PrivateSecretService } from '../setup/secret-service.ts';
import { jsonOf, XFER_BIN, xfer, type XferOutcome } from './run-xfer.ts';

let secretService: PrivateSecretService;
let sandbox: Sandbox;
let media: string;
beforeAll(async () => {
  secretService = await startPrivateSecretService();
  sandbox = await startSandbox({ processingMs: 0 });
  media = await mkdtemp(join(tmpdir(), 'xfer-oauth2-media-'));
});
afterAll(async () => {
  await sandbox?.close();
  await secretService?.stop();
  await rm(media, { recursive: true, force: true });
});

let dataDir: string;
let keychainService: string;
let printed: string[];
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'xfer-cli-oauth2-'));
  keychainService = `xfer-test-${randomUUID()}`;
  printed = [];
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const env = () => ({ ...secretService.env, XFER_KEYCHAIN_SERVICE: keychainService, NO_COLOR: '1' });

async function run(...args: string[]): Promise<XferOutcome> {
  const outcome = await xfer(['--data-dir', dataDir, ...args], env());
  printed.push(outcome.stdout, outcome.stderr);
  return outcome;
}

const addArgs = (name: string) => [
  '--data-dir',
  dataDir,
  'accounts',
  'add',
  name,
  '--oauth2',
  '--client-id',
  sandbox.oauth2ClientId,
  '--redirect-uri',
  'http://127.0.0.1:0/callback',
  '--no-browser',
  '--api-base',
  sandbox.url,
  '--json',
];

/** Starts `accounts add --oauth2 --no-browser`, and hands the browser's part to `browse` once the URL is printed. */
function signIn(
  name: string,
  browse: (authorizeUrl: string, stdin: NodeJS.WritableStream) => Promise<void>,
  args: string[] = addArgs(name),
): Promise<XferOutcome & { authorizeUrl: string }> {
  const child = spawn(process.execPath, [XFER_BIN, ...args], {
    env: { ...process.env, ...env() },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let authorizeUrl = '';
  let browsing: Promise<void> | null = null;
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
    const line = stderr.split('\n').find((candidate) => /^http:\/\/\S+\/i\/oauth2\/authorize\?\S+$/.test(candidate));
    if (line && !browsing) {
      authorizeUrl = line;
      browsing = browse(line, child.stdin);
    }
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      void (browsing ?? Promise.resolve()).then(() => {
        printed.push(stdout, stderr);
        resolve({ code, signal, stdout, stderr, authorizeUrl });
      }, reject);
    });
  });
}

const approveInBrowser = async (url: string) => {
  const { location } = await answerConsent(url);
  await followRedirect(location);
};

describe('xfer accounts add --oauth2', () => {
  it('signs in (the test plays the browser), uploads and posts with Bearer; secrets only in the Secret Service', async () => {
    const added = await signIn('alice', approveInBrowser);
    expect(added.code).toBe(0);
    expect(added.stderr).toMatch(
      /redirect URI in X's developer portal must be exactly: http:\/\/127\.0\.0\.1:\d+\/callback/,
    );
    // The authorize URL is alone on its line.
    expect(added.stderr.split('\n')).toContain(added.authorizeUrl);
    const account = jsonOf(added);
    expect(account).toMatchObject({ name: 'alice', auth: 'oauth2', screen_name: sandbox.users[0]?.screenName });
    expect(account.verified_at).not.toBeNull();

    const image = await makePng(media, { width: 64, height: 48 });
    const uploaded = await run('upload', image, '--account', 'alice', '--json');
    expect(uploaded.code, uploaded.stderr).toBe(0);
    const text = `hello with a Bearer token ${randomUUID()}`;
    const posted = await run('post', '--account', 'alice', '--text', text);
    expect(posted.code, posted.stderr).toBe(0);
    expect(sandbox.posts(sandbox.users[0]?.userId).map((post) => post.text)).toContain(text);
    const bearer = sandbox.oauth2.bearerRequests();
    expect(bearer).toContain('GET /2/users/me');
    // A small image goes in one request (POST /2/media/upload); the chunked path is in oauth2-refresh.test.ts.
    expect(bearer.some((route) => route.startsWith('POST /2/media/upload'))).toBe(true);
    expect(bearer).toContain('POST /2/tweets');

    const listed = await run('accounts', 'list');
    expect(listed.stdout).toContain('OAuth 2.0');

    // The tokens are in the Secret Service, and nowhere else: not in what was printed, not in the data dir.
    const entries = findCredentials(keychainService);
    expect(entries).toHaveLength(1);
    const stored = JSON.parse(entries[0]?.password ?? '{}') as { accessToken: string; refreshToken: string };
    expect(stored.refreshToken).toBeTruthy();
    const files = await readdir(dataDir, { recursive: true });
    const fileTexts = await Promise.all(
      files.map((file) => readFile(join(dataDir, String(file)), 'latin1').catch(() => '')),
    );
    for (const haystack of [...printed, ...fileTexts]) {
      expect(haystack).not.toContain(stored.accessToken);
      expect(haystack).not.toContain(stored.refreshToken);
    }
    expect(fileTexts.join('')).toContain('alice'); // the search sees what it searches

    const removed = await run('accounts', 'remove', 'alice');
    expect(removed.code).toBe(0);
    expect(sandbox.oauth2.isRevoked(stored.refreshToken)).toBe(true);
    expect(findCredentials(keychainService)).toHaveLength(0);
  });

  it('takes the address the browser ended on, pasted on stdin', async () => {
    const added = await signIn('pasted', async (url, stdin) => {
      const { location } = await answerConsent(url); // the browser could not reach the loopback
      stdin.write('not an address\n');
      stdin.write(`${location}\n`);
    });
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toContain('Paste the whole address');
    expect(jsonOf(added)).toMatchObject({ name: 'pasted', auth: 'oauth2' });
  });

  it("denied consent: exit 1 with X's words, no account, no keychain entry", async () => {
    const added = await signIn('denied', async (url) => {
      const { location } = await answerConsent(url, 'deny');
      await followRedirect(location);
    });
    expect(added.code).toBe(1);
    expect(added.stderr).toContain('The user denied the authorization request.');
    expect(jsonOf<unknown[]>(await run('accounts', 'list', '--json'))).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ name: 'denied' })]),
    );
    expect(findCredentials(keychainService)).toHaveLength(0);
  });

  it('a grant X revoked: the send and the list say "sign in again", the session stays; accounts signin mends it', async () => {
    const added = await signIn('carol', approveInBrowser);
    expect(added.code, added.stderr).toBe(0);
    const stored = JSON.parse(findCredentials(keychainService)[0]?.password ?? '{}') as { refreshToken: string };
    // The user took the app's access away in X's settings: the grant, and its access token, are gone.
    const revoked = await fetch(new URL('/2/oauth2/revoke', sandbox.url), {
      method: 'POST',
      body: new URLSearchParams({ token: stored.refreshToken, client_id: sandbox.oauth2ClientId }),
    });
    expect(revoked.status).toBe(200);

    const image = await makePng(media, { width: 40, height: 30 });
    const refused = await run('upload', image, '--account', 'carol');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/X no longer accepts the sign-in of "carol": sign in again/);
    expect((await run('accounts', 'list')).stdout).toContain('OAuth 2.0: sign in again');
    const { sessions } = jsonOf<{ sessions: { id: string; state: string }[] }>(await run('sessions', '--json'));
    expect(sessions).toHaveLength(1); // kept, to be sent once the account signs in again

    const again = await signIn('carol', approveInBrowser, [
      ...['--data-dir', dataDir, 'accounts', 'signin', 'carol'],
      ...['--redirect-uri', 'http://127.0.0.1:0/callback', '--no-browser', '--json'],
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(jsonOf(again)).toMatchObject({ name: 'carol', auth: 'oauth2', sign_in_again: false });
    expect((await run('accounts', 'list')).stdout).not.toContain('sign in again');
    expect(findCredentials(keychainService)).toHaveLength(1);
    const retried = await run('retry', sessions[0]!.id); // ready again, and sent
    expect(retried.code, retried.stderr).toBe(0);
    expect(jsonOf<{ sessions: unknown[] }>(await run('sessions', '--json')).sessions).toEqual([
      expect.objectContaining({ id: sessions[0]!.id, state: 'succeeded' }),
    ]);
  });

  it('usage errors exit 2: no client id; OAuth 2.0 options without --oauth2', async () => {
    expect((await run('accounts', 'add', 'x', '--oauth2')).code).toBe(2);
    expect((await run('accounts', 'add', 'x', '--client-id', 'abc', '--consumer-key', 'k')).code).toBe(2);
  });

  it('v1.1 is refused offline with the reason', async () => {
    const outcome = await run('accounts', 'add', 'old', '--oauth2', '--client-id', 'abc', '--api', 'v1.1');
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/v1\.1 .*OAuth 1\.0a/);
  });
});
