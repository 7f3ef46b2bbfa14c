// "Make it fit X" through the services: a refused 1080p draft becomes ready from a copy in the data folder,
// the sandbox accepts it, two accounts share one conversion, and edits re-check a draft.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversionEvent } from '../../main/app/fitting.ts';
import { openServices, type Services } from '../../main/app/services.ts';
import { segmentHashesSettled } from '../../main/core/engine/index.ts';
import { makePng, makeVideo } from '../fixtures/media.ts';
import { InMemorySecretStore } from '../fakes/secret-store.ts';
import { useTempDir } from '../core/media/temp-dir.ts';

const temp = useTempDir('fitting');
let services: Services;
let clip: string;
const events: ConversionEvent[] = [];

beforeAll(async () => {
  services = await openServices({
    dataDir: join(temp.path, 'data'),
    secretStore: new InMemorySecretStore(),
    resume: false,
  });
  services.onConversion((event) => events.push(event));
  clip = await makeVideo(temp.path, { seconds: 1, width: 1920, height: 1080, fps: 30, codec: 'h264' });
});
afterAll(() => services?.close());

const digest = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

describe('Fitting', () => {
  it('fits a refused 1080p draft, once for two accounts, and the sandbox accepts the copy', async () => {
    await services.sandbox.ensure();
    const sandbox = services.accounts.getByName('sandbox');
    const second = await services.accounts.addWithTokens({
      name: 'second',
      consumerKey: 'k',
      consumerSecret: 's',
      token: 't',
      tokenSecret: 'ts',
      offline: true,
    });
    const before = await digest(clip);
    const drafts = await services.prepare([
      { path: clip, accountId: sandbox.id, category: 'tweet_video' },
      { path: clip, accountId: second.id, category: 'tweet_video' },
    ]);
    expect(drafts.map((draft) => draft.state)).toEqual(['draft', 'draft']);

    const plan = await services.fitting.plan(drafts[0]!.id);
    expect(plan.kind === 'plan' && plan.plan.changes.join(' ')).toMatch(/1920×1080 → 1280×720/);

    const [first, other] = await Promise.all(drafts.map((draft) => services.fitting.fit(draft.id)));
    expect(first).toMatchObject({ state: 'ready', mediaCategory: 'tweet_video' });
    expect(other!.file).toBe(first!.file);
    expect(first!.file.startsWith(join(temp.path, 'data', 'converted'))).toBe(true);
    expect(first!.conversion).toMatchObject({ from: clip, fromSha256: before });
    expect(await readdir(join(temp.path, 'data', 'converted'))).toHaveLength(1);
    expect(await digest(clip)).toBe(before);

    const mine = events.filter((event) => event.sessionId === first!.id);
    expect(mine.at(0)?.state).toBe('converting');
    expect(mine.at(-1)).toMatchObject({ state: 'done', percent: 100 });

    expect(services.engine.send([first!.id]).queued).toBe(1);
    await services.engine.whenIdle();
    const sent = services.ledger.requireSession(first!.id);
    expect(sent.error).toBeNull();
    expect(sent.state).toBe('succeeded');
  });

  it('re-checks a draft after its category is edited: an image filed as video becomes a ready tweet_image', async () => {
    const sandbox = services.accounts.getByName('sandbox');
    const png = await makePng(temp.path, { width: 64, height: 64 });
    const [draft] = await services.prepare([{ path: png, accountId: sandbox.id, category: 'tweet_video' }]);
    expect(draft!.state).toBe('draft');
    const fixed = await services.fitting.recheck(draft!.id, { category: 'tweet_image', altText: 'A test card' });
    expect(fixed).toMatchObject({ state: 'ready', mediaCategory: 'tweet_image', altText: 'A test card' });
    const broken = await services.fitting.recheck(draft!.id, { category: 'dm_video' });
    expect(broken.state).toBe('draft');
  });

  it('a ready file changed on disk and re-checked is sent as it now is, not refused against its old hashes', async () => {
    const sandbox = services.accounts.getByName('sandbox');
    const png = await makePng(temp.path, { width: 48, height: 48 });
    const [ready] = await services.prepare([{ path: png, accountId: sandbox.id, category: 'tweet_image' }]);
    expect(ready!.state).toBe('ready');
    await segmentHashesSettled(services.ledger);
    const before = services.ledger.segmentHashes(ready!.id);
    expect(before?.hashes).toHaveLength(1);
    // The user re-exports the image in place, then edits its alt text: Xfer checks the new bytes again.
    await mkdir(join(temp.path, 'other'), { recursive: true });
    const export2 = await makePng(join(temp.path, 'other'), { width: 96, height: 40 });
    await rm(png); // a new file at the same path: fixtures may be links to a shared cache
    await copyFile(export2, png);
    const rechecked = await services.fitting.recheck(ready!.id, { altText: 'The new export' });
    expect(rechecked.state).toBe('ready');
    await segmentHashesSettled(services.ledger);
    expect(services.ledger.segmentHashes(ready!.id)?.hashes).not.toEqual(before!.hashes);
    services.engine.send([ready!.id]);
    await expect.poll(() => services.ledger.getSession(ready!.id)?.state, { timeout: 15_000 }).toBe('succeeded');
  });

  it('refuses to fit a session that is not a draft, and says a file that cannot be cured plainly', async () => {
    const sandbox = services.accounts.getByName('sandbox');
    const png = await makePng(temp.path, { width: 32, height: 32 });
    const [ready] = await services.prepare([{ path: png, accountId: sandbox.id }]);
    await expect(services.fitting.fit(ready!.id)).rejects.toThrow(/Only a draft needs fitting; this session is ready/);
    const [wrong] = await services.prepare([{ path: png, accountId: sandbox.id, category: 'tweet_video' }]);
    await expect(services.fitting.fit(wrong!.id)).rejects.toThrow(/cannot be converted: .*choose tweet_image/);
  });
});
