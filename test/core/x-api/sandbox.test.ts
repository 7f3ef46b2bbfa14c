// Both adapters against the sandbox (main/core/sandbox), over TLS with an undici Agent that
// trusts the sandbox's own CA: a real multi-segment upload, processing, verify, PIN login.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/core/sandbox/index.ts';
import { accessToken, createUploadClient, requestToken, waitForProcessing } from '../../../main/core/x-api/index.ts';
import { type ApiVersion } from '../../../main/common/account.ts';

const FILE_SIZE = 5 * 1024 * 1024 + 777;
const CHUNK = 2 * 1024 * 1024;

let sandbox: Sandbox;
let agent: Agent;
let dir: string;
let filePath: string;
let fileBytes: Buffer;
// One clock for the sandbox and the client: processing advances only when the test sleeps.
let clock = Date.now();
const now = () => clock;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xfer-x-api-sandbox-'));
  filePath = join(dir, 'clip.mp4');
  fileBytes = randomBytes(FILE_SIZE);
  fileBytes.write('ftyp', 4, 'ascii'); // the sandbox checks the bytes look like the declared type
  await writeFile(filePath, fileBytes);
  sandbox = await startSandbox({ tls: true, now, processingMs: 4000 });
  agent = new Agent({ connect: { ca: sandbox.caPem ?? '' } });
});
afterAll(async () => {
  await agent?.close();
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

function clientFor(api: ApiVersion) {
  const demo = sandbox.users[0];
  if (!demo) throw new Error('the sandbox has no demo user');
  return createUploadClient({
    api,
    endpoints: { apiBase: sandbox.url, uploadBase: sandbox.url },
    credentials: {
      consumerKey: sandbox.consumerKey,
      consumerSecret: sandbox.consumerSecret,
      token: demo.token,
      tokenSecret: demo.tokenSecret,
    },
    now,
    dispatcher: agent,
  });
}

describe.each<ApiVersion>(['v2', 'v1.1'])('the %s adapter against the sandbox', (api) => {
  it('uploads a multi-segment video that arrives intact and finishes processing', async () => {
    expect(sandbox.url.startsWith('https://')).toBe(true);
    const client = clientFor(api);
    const { mediaId } = await client.init({
      totalBytes: FILE_SIZE,
      mediaType: 'video/mp4',
      mediaCategory: 'tweet_video',
      additionalOwners: [],
    });
    expect(BigInt(mediaId)).toBeGreaterThan(2n ** 53n);
    let index = 0;
    for (let start = 0; start < FILE_SIZE; start += CHUNK) {
      await client.append(mediaId, index++, { path: filePath, start, length: Math.min(CHUNK, FILE_SIZE - start) });
    }
    const finalized = await client.finalize(mediaId);
    // A video is processed asynchronously: FINALIZE says so, STATUS is polled to the end.
    expect(finalized.processingInfo?.state).toMatch(/^(pending|in_progress)$/);
    const done = await waitForProcessing(client, mediaId, finalized, {
      sleep: async (ms) => void (clock += ms),
    });
    expect(done.processingInfo?.state).toBe('succeeded');
    const report = sandbox.inspect(mediaId);
    expect(await sandbox.digest(mediaId)).toBe(createHash('sha256').update(fileBytes).digest('hex'));
    expect(report?.segments).toEqual([0, 1, 2]);
    expect(sandbox.violations()).toEqual([]);
  });

  it('verifies the demo account', async () => {
    expect(await clientFor(api).verifyCredentials()).toMatchObject({
      userId: sandbox.users[0]?.userId,
      screenName: sandbox.users[0]?.screenName,
    });
  });
});

describe('PIN login against the sandbox', () => {
  it('exchanges the PIN the sandbox shows for the demo account token', async () => {
    const consumer = { consumerKey: sandbox.consumerKey, consumerSecret: sandbox.consumerSecret };
    const options = { now, dispatcher: agent };
    const pending = await requestToken(consumer, sandbox.url, options);
    expect(pending.authorizeUrl).toBe(
      `${sandbox.url}/oauth/authorize?oauth_token=${encodeURIComponent(pending.token)}`,
    );
    const pin = sandbox.pinFor(pending.token);
    expect(pin).not.toBeNull();
    const account = await accessToken(consumer, pending, pin ?? '', sandbox.url, options);
    expect(account).toMatchObject({
      userId: sandbox.users[0]?.userId,
      screenName: sandbox.users[0]?.screenName,
      token: sandbox.users[0]?.token,
    });
  });
});
