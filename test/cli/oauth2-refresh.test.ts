// The Done-when case for rotating refresh tokens: with 3 s access tokens, a 50 MB upload sent by a
// CLI `xfer send` child process outlives several tokens and completes, while the app's services in
// this process keep using (and refreshing) the same account at the same time. The sandbox saw every
// refresh token used exactly once: one refresh at a time per account, across processes.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openServices } from '../../main/app/services.ts';
import { startSandbox, type Sandbox } from '../../main/core/sandbox/index.ts';
import { makePaddedVideo } from '../fixtures/media.ts';
import { playBrowser } from '../fakes/oauth2-browser.ts';
import { startPrivateSecretService, type PrivateSecretService } from '../setup/secret-service.ts';
import { startXfer, xfer } from './run-xfer.ts';

const MB = 1_048_576;

let secretService: PrivateSecretService;
let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  secretService = await startPrivateSecretService();
  sandbox = await startSandbox({ processingMs: 500, oauth2Lifetimes: { accessTokenSecs: 3 } });
  dir = await mkdtemp(join(tmpdir(), 'xfer-oauth2-refresh-'));
});
afterAll(async () => {
  await sandbox?.close();
  await secretService?.stop();
  await rm(dir, { recursive: true, force: true });
});

it('a 50 MB upload outlives several 3 s tokens while the app refreshes the same account; each refresh token used once', async () => {
  const dataDir = join(dir, 'data');
  const env = { ...secretService.env, XFER_KEYCHAIN_SERVICE: `xfer-test-${randomUUID()}` };
  const services = await openServices({ dataDir, env, resume: false, sandbox: 'off' });
  try {
    const started = await services.accounts.startOAuth2SignIn({
      name: 'alice',
      clientId: sandbox.oauth2ClientId,
      redirectUri: 'http://127.0.0.1:0/callback',
      apiBase: sandbox.url,
    });
    await playBrowser(started.authorizeUrl);
    const account = await services.accounts.finishOAuth2SignIn(started.signInId);

    const video = await makePaddedVideo(dir, 50 * MB);
    const prepared = await xfer(['--data-dir', dataDir, 'prepare', video, '--account', 'alice', '--json'], env);
    expect(prepared.code, prepared.stderr).toBe(0);
    // Per connection: each 5 MiB APPEND takes ≥ 10 s however many the engine sends at once, so the
    // upload outlives three or more 3 s tokens.
    sandbox.setBandwidth(MB / 2);

    const sending = startXfer(['--data-dir', dataDir, 'send', '--all', '--json'], env);
    let sent = false;
    void sending.done.then(() => (sent = true));
    // The app, meanwhile: its own Bearer client for the same account, used every 400 ms.
    let appCalls = 0;
    while (!sent) {
      await services.accounts.verify(account.id);
      appCalls += 1;
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    const outcome = await sending.done;
    expect(outcome.code, outcome.stderr).toBe(0);
    const [session] = services.ledger.listSessions({ accountId: account.id });
    expect(session?.state).toBe('succeeded');
    const expected = createHash('sha256')
      .update(await readFile(video))
      .digest('hex');
    expect(await sandbox.digest(session?.mediaId ?? '')).toBe(expected);

    const uses = sandbox.oauth2.refreshTokenUses();
    expect(uses.length).toBeGreaterThanOrEqual(4); // the first and at least three refreshes
    expect(uses.slice(0, -1).map((use) => use.uses)).toEqual(uses.slice(0, -1).map(() => 1));
    expect(uses.at(-1)?.uses).toBe(0);
    expect(sandbox.oauth2.liveGrants()).toBe(1);
    expect(appCalls).toBeGreaterThan(10);
    expect(sandbox.oauth2.bearerRequests().filter((route) => route.endsWith('/append')).length).toBe(10);
  } finally {
    await services.close();
  }
}, 180_000);
