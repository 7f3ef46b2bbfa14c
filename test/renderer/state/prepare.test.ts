import { describe, expect, it } from 'vitest';
import { parseTypedOwners, PrepareState } from '../../../renderer/src/state/prepare.svelte.ts';
import { createFakeApp, fakeAccount, fakeApi, fakeInspection } from '../../fakes/contract-handlers.ts';

function setUp() {
  const app = createFakeApp();
  const state = new PrepareState(fakeApi(app), () => 'acct-sandbox');
  return { app, state };
}

const animatedGif = fakeInspection({
  name: 'loop.gif',
  mediaType: 'image/gif',
  extensionType: 'image/gif',
  kind: 'gif',
  image: undefined,
  gif: { width: 100, height: 100, frames: 12, animated: true },
});

describe('PrepareState', () => {
  it('shows web mode’s staging progress per upload until it is done, and stops listening when asked', () => {
    const { app, state } = setUp();
    const stop = state.start();
    const progress = { stagedId: 'staged_a', name: 'big.mp4', received: 10, total: 100, done: false };
    app.hub.emit('fileStaging', progress);
    app.hub.emit('fileStaging', { ...progress, stagedId: 'staged_b', name: 'other.mp4' });
    app.hub.emit('fileStaging', { ...progress, received: 60 });
    expect(state.staging.map((entry) => [entry.name, entry.received])).toEqual([
      ['other.mp4', 10],
      ['big.mp4', 60],
    ]);
    app.hub.emit('fileStaging', { ...progress, received: 100, done: true });
    expect(state.staging.map((entry) => entry.name)).toEqual(['other.mp4']);
    stop();
    app.hub.emit('fileStaging', { ...progress, stagedId: 'staged_c', name: 'late.mp4' });
    expect(state.staging.map((entry) => entry.name)).toEqual(['other.mp4']);
  });

  it('adds picked files with the default account and main’s validation of the inferred category', async () => {
    const { app, state } = setUp();
    app.queuePick([app.addFile(fakeInspection()).fileId]);
    await state.pick();
    const [item] = state.items;
    expect(item?.accountId).toBe('acct-sandbox');
    expect(item?.category).toBe('tweet_image');
    expect(item?.validation?.fields.media_type).toMatchObject({ value: 'image/png', status: 'ok' });
  });

  it('does not add the same file twice', async () => {
    const { app, state } = setUp();
    const file = app.addFile(fakeInspection());
    app.queuePick([file.fileId]);
    app.queuePick([file.fileId]);
    await state.pick();
    await state.pick();
    expect(state.items).toHaveLength(1);
  });

  it('adds the same path picked twice in one pick once, and later adds still work', async () => {
    const { app, state } = setUp();
    const file = app.addFile(fakeInspection());
    app.queuePick([file.fileId, file.fileId]);
    await state.pick();
    expect(state.items.map((item) => item.file.fileId)).toEqual([file.fileId]);
    const other = app.addFile(fakeInspection({ name: 'other.png' }));
    app.queuePick([other.fileId]);
    await state.pick();
    expect(state.items.map((item) => item.file.fileId)).toEqual([file.fileId, other.fileId]);
  });

  it('asks main again when the category changes, and follows its suggestion', async () => {
    const { app, state } = setUp();
    app.queuePick([app.addFile(animatedGif).fileId]);
    await state.pick();
    const item = state.items[0]!;
    await state.setCategory(item, 'tweet_image');
    expect(item.validation?.ok).toBe(false);
    expect(item.validation?.suggestedCategory).toBe('tweet_gif');
    await state.setCategory(item, 'tweet_gif');
    expect(item.validation?.ok).toBe(true);
    expect(app.calls.filter((call) => call.channel === 'files:check').at(-1)?.request).toMatchObject({
      category: 'tweet_gif',
    });
  });

  it('counts alt text in characters, not UTF-16 units, against 1,000', async () => {
    const { app, state } = setUp();
    app.queuePick([app.addFile(fakeInspection()).fileId]);
    await state.pick();
    const item = state.items[0]!;
    item.altText = '😀'.repeat(1000);
    expect(item.altTextLength).toBe(1000);
    expect(item.altTextTooLong).toBe(false);
    item.altText += 'x';
    expect(item.inputProblems).toContain('Alt text is 1001 characters; at most 1000.');
  });

  it('sends chosen accounts as owners by their user ids, plus typed user ids', async () => {
    const { app, state } = setUp();
    const bob = fakeAccount({ id: 'acct-bob', kind: 'x', userId: '42' });
    app.queuePick([app.addFile(fakeInspection()).fileId]);
    await state.pick();
    const item = state.items[0]!;
    item.ownerAccountIds = ['acct-bob'];
    item.typedOwners = '7, 8';
    expect(item.owners([fakeAccount(), bob])).toEqual(['42', '7', '8']);
  });

  it('prepares items through main and removes them from the list', async () => {
    const { app, state } = setUp();
    app.queuePick([app.addFile(fakeInspection()).fileId, app.addFile(animatedGif).fileId]);
    await state.pick();
    state.items[0]!.altText = 'A test card';
    const sessions = await state.prepare(app.accounts);
    expect(sessions?.map((session) => session.state)).toEqual(['ready', 'ready']);
    expect(app.calls.find((call) => call.channel === 'sessions:prepare')?.request).toMatchObject({
      items: [{ category: 'tweet_image', altText: 'A test card', owners: [] }, { category: 'tweet_gif' }],
    });
    expect(state.items).toEqual([]);
  });

  it('keeps back items whose typed owners are not user ids', async () => {
    const { app, state } = setUp();
    app.queuePick([app.addFile(fakeInspection()).fileId]);
    await state.pick();
    state.items[0]!.typedOwners = '@bob';
    expect(await state.prepare(app.accounts)).toBeNull();
    expect(state.items).toHaveLength(1);
  });
});

describe('parseTypedOwners', () => {
  it('splits on commas and whitespace and separates non-digit entries', () => {
    expect(parseTypedOwners('12, 34\n@bob  56')).toEqual({ ids: ['12', '34', '56'], invalid: ['@bob'] });
  });
});
