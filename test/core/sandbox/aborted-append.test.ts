// A client that goes away mid-APPEND: the sandbox closes and removes the part it was writing, so a
// long-running embedded sandbox never accumulates open files or stray parts.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/core/sandbox/index.ts';
import { createUploadClient } from '../../../main/core/x-api/index.ts';
import { openFilesUnder } from '../../fakes/open-files.ts';

const CHUNK = 8 * 1024 * 1024;
let sandbox: Sandbox | null = null;
let dir: string | null = null;
afterEach(async () => {
  await sandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it.skipIf(process.platform !== 'linux')('a client gone mid-APPEND leaves no part open or on disk', async () => {
  dir = await mkdtemp(join(tmpdir(), 'xfer-aborted-'));
  const storageDir = join(dir, 'storage');
  // A slow uplink, as the resume tests use: the body arrives through the sandbox's throttle.
  sandbox = await startSandbox({ storageDir, processingMs: 0, bandwidthBytesPerSec: 8 * 1024 * 1024 });
  const user = sandbox.users[0];
  if (!user) throw new Error('no sandbox user');
  const client = createUploadClient({
    api: 'v2',
    endpoints: { apiBase: sandbox.url, uploadBase: sandbox.url },
    credentials: {
      consumerKey: sandbox.consumerKey,
      consumerSecret: sandbox.consumerSecret,
      token: user.token,
      tokenSecret: user.tokenSecret,
    },
  });
  const path = join(dir, 'clip.bin');
  await writeFile(path, randomBytes(CHUNK));
  const { mediaId } = await client.init({
    totalBytes: CHUNK,
    mediaType: 'video/mp4',
    mediaCategory: 'tweet_video',
    additionalOwners: [],
  });

  const leaving = new AbortController();
  const sending = client.append(mediaId, 0, { path, start: 0, length: CHUNK }, { signal: leaving.signal });
  // Leave once the sandbox has begun writing the part.
  await vi.waitFor(async () => expect(await readdir(join(storageDir, 'incoming'))).toHaveLength(1), {
    timeout: 5000,
    interval: 5,
  });
  leaving.abort();
  await expect(sending).rejects.toMatchObject({ error: { kind: 'cancelled' } });

  await vi.waitFor(
    async () => {
      expect(await readdir(join(storageDir, 'incoming'))).toEqual([]);
      expect(openFilesUnder(storageDir)).toEqual([]);
    },
    { timeout: 5000, interval: 20 },
  );
  expect(sandbox.inspect(mediaId)?.segments).toEqual([]);
});
