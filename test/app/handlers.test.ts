// Every IPC channel, round trip through the contract's dispatcher into the real handlers and
// services, with the embedded sandbox as X. Each test has an app of its own (test/fakes/handler-world.ts);
// after each, its responses and pushed events are searched for secrets; after the file, every channel
// of the contract must have been dispatched by some test here.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, type RunnerTask } from 'vitest';
import { acquireSenderLock } from '../../main/app/sender-lock.ts';
import { PREFERRED_CHUNK_BYTES } from '../../main/core/engine/chunk-plan.ts';
import { PAUSED_NOTICE } from '../../main/common/notices.ts';
import { SANDBOX_CONSUMER_SECRET, SANDBOX_USERS, type Sandbox } from '../../main/core/sandbox/index.ts';
import {
  CHANNEL_NAMES,
  type AccountView,
  type Channel,
  type FileView,
  type PostView,
  type SessionView,
} from '../../main/ipc/contract.ts';
import { eventually, openHandlerWorld, type HandlerWorld } from '../fakes/handler-world.ts';
import { answerConsent, playBrowser } from '../fakes/oauth2-browser.ts';
import { makeGif, makePaddedVideo, makePng, makeVideo } from '../fixtures/media.ts';

// Made once and only read: every test's state lives in its own world.
let fixtures: string;
let image: string;
let video: string;
let gif: string;
beforeAll(async () => {
  fixtures = await mkdtemp(join(tmpdir(), 'xfer-handlers-'));
  [image, video, gif] = await Promise.all([
    makePng(fixtures, { width: 64, height: 48 }),
    makeVideo(fixtures, { seconds: 1, width: 160, height: 120, fps: 30, codec: 'h264', audio: 'aac' }),
    makeGif(fixtures, { frames: 3, width: 32, height: 32 }),
  ]);
});

const exercised = new Set<Channel>();
let world: HandlerWorld;
beforeEach(async () => {
  world = await openHandlerWorld({ exercised, services: { sandboxOptions: { processingMs: 200 } } });
});
afterEach(async () => {
  const secrets = [SANDBOX_CONSUMER_SECRET, ...SANDBOX_USERS.flatMap((user) => [user.token, user.tokenSecret])];
  const everything = JSON.stringify({ responses: world.responses, events: world.events });
  await world.close();
  expect(world.responses.length).toBeGreaterThan(0);
  for (const secret of secrets) expect(everything, 'a secret in a response or an event').not.toContain(secret);
});
// The file's tests, seen from inside one of them (the afterAll below asks whether all of them ran).
let file: RunnerTask | null = null;
beforeEach(({ task }) => {
  file = task.file;
});
afterAll(async () => {
  await rm(fixtures, { recursive: true, force: true });
  // Only when every test of the file ran (not under a name filter): then each channel must have been used.
  const all = (tasks: readonly RunnerTask[]): RunnerTask[] =>
    tasks.flatMap((task) => (task.type === 'suite' ? all(task.tasks) : [task]));
  const tests = all(file?.type === 'suite' ? file.tasks : []);
  if (tests.some((test) => test.mode !== 'run')) return;
  expect(
    CHANNEL_NAMES.filter((channel) => !exercised.has(channel)),
    'channels no test here dispatched',
  ).toEqual([]);
});

const ok: HandlerWorld['ok'] = (channel, payload) => world.ok(channel, payload);
const call: HandlerWorld['call'] = (channel, payload) => world.call(channel, payload);
const sessionsIn = async (ids: string[]) => (await ok('sessions:list')).filter((session) => ids.includes(session.id));
const stateOf = async (id: string) => (await sessionsIn([id]))[0]?.state;

/** Aborted APPENDs whose bodies had fully arrived may still be counted after the pause: wait until the count rests. */
async function settledAppends(sandbox: Sandbox, mediaId: string): Promise<number> {
  let count = sandbox.inspect(mediaId)?.appendCount ?? 0;
  for (let still = 0; still < 5;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = sandbox.inspect(mediaId)?.appendCount ?? 0;
    still = now === count ? still + 1 : 0;
    count = now;
  }
  return count;
}

/** The image, the video and the GIF, picked in that order. */
async function pickAll(): Promise<FileView[]> {
  world.ports.picks.push([image, video, gif]);
  return ok('files:pick');
}

/** The image prepared for the sandbox account (alt text and an owner), sent, and succeeded. */
async function uploadedImage(): Promise<SessionView> {
  const account = await world.sandboxAccount();
  const [file] = await pickAll();
  const [ready] = await ok('sessions:prepare', {
    items: [{ fileId: file!.fileId, accountId: account.id, category: 'tweet_image' }],
  });
  await ok('sessions:send', { ids: [ready!.id] });
  await eventually(async () => (await stateOf(ready!.id)) === 'succeeded', 'the image to be uploaded');
  return (await sessionsIn([ready!.id]))[0]!;
}

/** Adds the sandbox's second demo user with its tokens, as a user pasting them would. */
function addSecondUser(): Promise<AccountView> {
  return ok('accounts:addWithTokens', {
    name: 'second',
    consumerKey: 'xfer-sandbox-consumer',
    consumerSecret: SANDBOX_CONSUMER_SECRET,
    token: SANDBOX_USERS[1]!.token,
    tokenSecret: SANDBOX_USERS[1]!.tokenSecret,
    apiBase: world.services.sandbox.url()!,
  });
}

describe('app', () => {
  it('app:info reports the embedded sandbox, the data dir and the keychain', async () => {
    await world.services.sandbox.whenSettled();
    const info = await ok('app:info');
    expect(info.sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.dataDir).toBe(join(world.dir, 'data'));
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.keychain).toEqual({ ok: true, message: null });
  });

  it('app:firstRun says show until app:dismissFirstRun, and the dismissal is kept in the preferences', async () => {
    expect(await ok('app:firstRun')).toEqual({ show: true });
    expect(await ok('app:dismissFirstRun')).toEqual({ dismissed: true });
    expect(await ok('app:firstRun')).toEqual({ show: false });
    expect(world.services.preferences.get('firstRunSeen')).toBe(true);
  });

  it('app:openLink opens a known page by name and refuses anything else (the page never hands main a URL)', async () => {
    expect(await ok('app:openLink', { link: 'developerPortal' })).toEqual({ opened: true });
    expect(world.ports.opened).toEqual(['https://developer.x.com']);
    const refused = await call('app:openLink', { link: 'https://evil.example' as 'developerPortal' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
    expect(world.ports.opened).toHaveLength(1);
  });

  it('queue:status answers the engine status', async () => {
    expect(await ok('queue:status')).toMatchObject({ online: true, queued: 0, active: 0 });
  });

  it('preferences:get answers the values; preferences:set changes one and keeps it', async () => {
    const before = await ok('preferences:get');
    expect(before.values.closeToTray).toBe(false);
    const after = await ok('preferences:set', { changes: { closeToTray: true } });
    expect(after.values.closeToTray).toBe(true);
    expect(world.services.preferences.get('closeToTray')).toBe(true);
  });
});

describe('work offline', () => {
  it('holds sending, is kept as the workOffline preference, and lifts', async () => {
    expect(await ok('queue:setWorkOffline', { workOffline: true })).toMatchObject({ workOffline: true });
    expect(world.services.preferences.get('workOffline')).toBe(true);
    expect(await ok('queue:status')).toMatchObject({ workOffline: true });
    expect(await ok('queue:setWorkOffline', { workOffline: false })).toMatchObject({ workOffline: false });
    expect(world.services.preferences.get('workOffline')).toBe(false);
    expect(await ok('queue:tryAgainNow')).toMatchObject({ online: true });
  });
});

describe('files', () => {
  it('files:pick registers the dialog paths as opaque ids with a preview URL', async () => {
    world.ports.picks.push([image, video]);
    const files = await ok('files:pick');
    expect(files.map((file) => file.name)).toEqual([image, video].map((path) => basename(path)));
    for (const file of files) {
      expect(file.fileId).not.toContain('/');
      expect(file.previewUrl).toBe(`xfer-media://${file.fileId}`);
    }
    expect(world.services.files.resolvePreview(files[0]!.fileId)).toEqual({ path: image, mediaType: 'image/png' });
    expect(world.services.files.resolvePreview('file_unknown')).toBeNull();
  });

  it('files:pick with the dialog closed answers no files', async () => {
    expect(await ok('files:pick')).toEqual([]);
  });

  it('files:addDropped registers dropped paths; the same path keeps its id', async () => {
    const {
      files: [dropped],
    } = await ok('files:addDropped', { paths: [gif] });
    const {
      files: [again],
    } = await ok('files:addDropped', { paths: [gif] });
    expect(again?.fileId).toBe(dropped?.fileId);
  });

  it('files:addDropped expands a dropped folder into its media (nested too), skipping and naming the rest', async () => {
    const folder = join(world.dir, 'holiday');
    await mkdir(join(folder, 'day 2', 'notes'), { recursive: true });
    await copyFile(image, join(folder, 'beach.png'));
    await copyFile(video, join(folder, 'day 2', 'waves.mp4'));
    await writeFile(join(folder, 'day 2', 'notes', 'packing.txt'), 'sunscreen\n');
    await writeFile(join(folder, '.DS_Store'), 'finder');
    const added = await ok('files:addDropped', { paths: [folder, gif] });
    expect(added.files.map((file) => file.name)).toEqual(['beach.png', 'waves.mp4', basename(gif)]);
    expect(added.folders).toEqual([{ name: 'holiday', added: 2, skipped: [join('day 2', 'notes', 'packing.txt')] }]);
    expect(JSON.stringify(added)).not.toContain(world.dir); // names and ids only, never a path
  });

  it('files:addStaged registers staged uploads and a staged folder’s media; an id no longer staged is not_found', async () => {
    const notes = join(world.dir, 'notes.txt');
    await writeFile(notes, 'not media\n');
    world.ports.staged.set('staged_image', image).set('staged_video', video).set('staged_notes', notes);
    const added = await ok('files:addStaged', {
      ids: ['staged_image'],
      folders: [
        {
          name: 'trip',
          entries: [
            { id: 'staged_video', path: 'day 1/clip.mp4' },
            { id: 'staged_notes', path: 'notes.txt' },
          ],
        },
      ],
    });
    expect(added.files.map((file) => file.name)).toEqual([basename(image), basename(video)]);
    expect(added.folders).toEqual([{ name: 'trip', added: 1, skipped: ['notes.txt'] }]);
    expect(await call('files:addStaged', { ids: ['staged_gone'] })).toMatchObject({
      ok: false,
      error: { kind: 'not_found' },
    });
  });

  it('files:addPasted keeps a pasted image’s bytes in the data folder and lists it like any file', async () => {
    const bytes = new Uint8Array(await readFile(image));
    const [pasted] = await ok('files:addPasted', { files: [{ name: 'Pasted image 1.png', bytes }] });
    expect(pasted).toMatchObject({ name: 'Pasted image 1.png', size: bytes.byteLength });
    const path = world.services.files.path(pasted!.fileId);
    expect(path.startsWith(join(world.dir, 'data', 'pasted') + '/')).toBe(true);
    expect(Buffer.from(await readFile(path)).equals(Buffer.from(bytes))).toBe(true);
    const checked = await ok('files:check', { fileId: pasted!.fileId });
    expect(checked.validation).toMatchObject({ ok: true, category: 'tweet_image' });
  });

  it('files:addPasted refuses a name that would leave its folder and keeps only a safe one', async () => {
    const bytes = new Uint8Array(await readFile(image));
    const [pasted] = await ok('files:addPasted', { files: [{ name: '../../escape.png', bytes }] });
    expect(pasted!.name).toBe('_.._escape.png');
    expect(dirname(dirname(world.services.files.path(pasted!.fileId)))).toBe(join(world.dir, 'data', 'pasted'));
  });

  it('files:check validates against the account tier and the chosen category', async () => {
    const account = await world.sandboxAccount();
    const files = await pickAll();
    const checked = await ok('files:check', { fileId: files[2]!.fileId, accountId: account.id });
    expect(checked.file).toEqual(files[2]);
    expect(checked.validation).toMatchObject({ ok: true, category: 'tweet_gif' });
    const wrong = await ok('files:check', { fileId: files[1]!.fileId, category: 'tweet_image' });
    expect(wrong.validation.ok).toBe(false);
  });

  it('files:check of an unknown file id is refused as not_found', async () => {
    const result = await call('files:check', { fileId: 'file_nope' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });
});

describe('sessions', () => {
  it('sessions:prepare records ready sessions with the account name joined in, and pushes each', async () => {
    const account = await world.sandboxAccount();
    const files = await pickAll();
    const prepared = await ok('sessions:prepare', {
      items: [
        {
          fileId: files[0]!.fileId,
          accountId: account.id,
          category: 'tweet_image',
          altText: 'A test card',
          owners: [SANDBOX_USERS[1]!.userId],
        },
        { fileId: files[1]!.fileId, accountId: account.id, category: 'tweet_video' },
      ],
    });
    expect(prepared.map((session) => [session.state, session.accountName, session.fileName])).toEqual([
      ['ready', 'sandbox', files[0]!.name],
      ['ready', 'sandbox', files[1]!.name],
    ]);
    expect(prepared[0]).toMatchObject({
      altText: 'A test card',
      additionalOwners: [SANDBOX_USERS[1]!.userId],
      filePath: image,
    });
    expect(prepared[0]).not.toHaveProperty('fingerprint');
    const pushed = world.events
      .filter((entry) => entry.event === 'sessionChanged')
      .map((entry) => (entry.payload as SessionView).id);
    expect(pushed).toEqual(expect.arrayContaining(prepared.map((session) => session.id)));
  });

  it('sessions:send queues them; progress, changes, the batch end and a notification are pushed', async () => {
    const account = await world.sandboxAccount();
    const files = await pickAll();
    const prepared = await ok('sessions:prepare', {
      items: [
        { fileId: files[0]!.fileId, accountId: account.id, category: 'tweet_image' },
        { fileId: files[1]!.fileId, accountId: account.id, category: 'tweet_video' },
      ],
    });
    const ids = prepared.map((session) => session.id);
    const { events, ports } = world;
    expect(await ok('sessions:send', { ids })).toEqual({ queued: 2 });
    await eventually(() => events.some((entry) => entry.event === 'batchFinished'), 'the batch to finish');
    expect(events.find((entry) => entry.event === 'batchFinished')?.payload).toEqual({ succeeded: 2, failed: 0 });
    // Two sessions, none failed: a click opens the Sessions screen, no one session in particular.
    expect(ports.notifications).toEqual([
      { title: 'Uploads finished', body: '2 of 2 uploaded', target: { screen: 'sessions', id: null } },
    ]);
    const progress = events
      .filter((entry) => entry.event === 'progress')
      .flatMap((entry) => entry.payload as { sessionId: string }[]);
    expect(new Set(progress.map((event) => event.sessionId))).toEqual(new Set(ids));
    expect(events.some((entry) => entry.event === 'status')).toBe(true);
    const finished = await sessionsIn(ids);
    expect(finished.map((session) => session.state)).toEqual(['succeeded', 'succeeded']);
    const changed = events
      .filter((entry) => entry.event === 'sessionChanged')
      .map((entry) => entry.payload as SessionView);
    expect(new Set(changed.filter((view) => view.state === 'succeeded').map((view) => view.id))).toEqual(new Set(ids));
  });

  it('sessions:list filters by state and account', async () => {
    const uploaded = await uploadedImage();
    const other = await addSecondUser();
    const account = await world.sandboxAccount();
    const succeeded = await ok('sessions:list', { state: 'succeeded', accountId: account.id });
    expect(succeeded.map((session) => session.id)).toEqual([uploaded.id]);
    expect(await ok('sessions:list', { state: 'draft' })).toEqual([]);
    expect(await ok('sessions:list', { accountId: other.id })).toEqual([]);
  });

  it('sessions:history answers the requests the upload made; a session view carries its thumbnail', async () => {
    const uploaded = await uploadedImage();
    const history = await ok('sessions:history', { id: uploaded.id });
    expect(history.length).toBeGreaterThan(0);
    expect(history.every((record) => record.outcome === 'ok')).toBe(true);
    expect(uploaded.previewUrl).toBe(`xfer-media://session_${uploaded.id}`);
    // Served by main from the ledger's path, so sessions of earlier runs have thumbnails too.
    expect(world.services.files.resolvePreview(`session_${uploaded.id}`)).toEqual({
      path: uploaded.filePath,
      mediaType: 'image/png',
    });
    expect(world.services.files.resolvePreview('session_unknown')).toBeNull();
  });

  it('sessions:copyMediaId writes the media id to the clipboard', async () => {
    const uploaded = await uploadedImage();
    const copied = await ok('sessions:copyMediaId', { id: uploaded.id });
    expect(copied.mediaId).toMatch(/^\d{19}$/);
    expect(world.ports.clipboard).toEqual([copied.mediaId]);
  });

  it('sessions:copyMediaId refuses an expired media id, saying so, and copies nothing', async () => {
    const uploaded = await uploadedImage();
    world.services.ledger.updateSession(uploaded.id, { expiresAt: Date.now() - 1000 });
    const result = await call('sessions:copyMediaId', { id: uploaded.id });
    expect(result).toMatchObject({ ok: false, error: { kind: 'not_found_or_expired', message: /expired/ } });
    expect(world.ports.clipboard).toEqual([]);
  });

  it('sessions:send of a session that cannot go is refused with the reason', async () => {
    const uploaded = await uploadedImage();
    const result = await call('sessions:send', { ids: [uploaded.id] });
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
  });

  it('sessions:send while another process sends from the data folder is refused as environment, naming its pid', async () => {
    const account = await world.sandboxAccount();
    const [file] = await pickAll();
    const [ready] = await ok('sessions:prepare', {
      items: [{ fileId: file!.fileId, accountId: account.id, category: 'tweet_image' }],
    });
    const elsewhere = acquireSenderLock(world.services.dataDir, { pid: process.ppid });
    try {
      const result = await call('sessions:send', { ids: [ready!.id] });
      expect(result).toMatchObject({
        ok: false,
        error: {
          kind: 'environment',
          message: `Another Xfer (pid ${process.ppid}) is sending from this data folder; wait for it or stop it`,
        },
      });
    } finally {
      elsewhere.release();
    }
    expect(await stateOf(ready!.id)).toBe('ready');
  });

  it('sessions:cancel, sessions:retry, sessions:reassign and sessions:forget act on one session', async () => {
    const account = await world.sandboxAccount();
    const files = await pickAll();
    const [ready] = await ok('sessions:prepare', {
      items: [{ fileId: files[2]!.fileId, accountId: account.id, category: 'tweet_gif' }],
    });
    const cancelled = await ok('sessions:cancel', { id: ready!.id });
    expect(cancelled.state).toBe('cancelled');

    const other = await addSecondUser();
    const moved = await ok('sessions:reassign', { id: ready!.id, accountId: other.id });
    expect(moved).toMatchObject({ accountId: other.id, accountName: 'second' });

    const retried = await ok('sessions:retry', { id: ready!.id });
    expect(['ready', 'uploading', 'finalizing', 'processing', 'succeeded']).toContain(retried.state);
    await eventually(async () => (await stateOf(ready!.id)) === 'succeeded', 'the retried session to succeed');

    expect(await ok('sessions:forget', { id: ready!.id })).toEqual({ forgotten: true });
    expect(
      world.events.some(
        (entry) => entry.event === 'sessionRemoved' && (entry.payload as { id: string }).id === ready!.id,
      ),
    ).toBe(true);
    expect(await sessionsIn([ready!.id])).toEqual([]);
    expect(await call('sessions:forget', { id: ready!.id })).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });

  it('sessions:update changes a ready session’s alt text and owners; a null alt text clears it', async () => {
    const account = await world.sandboxAccount();
    const [file] = await pickAll();
    const [ready] = await ok('sessions:prepare', {
      items: [{ fileId: file!.fileId, accountId: account.id, category: 'tweet_image' }],
    });
    const updated = await ok('sessions:update', {
      id: ready!.id,
      altText: 'A small card',
      owners: [SANDBOX_USERS[1]!.userId],
    });
    expect(updated).toMatchObject({
      state: 'ready',
      altText: 'A small card',
      additionalOwners: [SANDBOX_USERS[1]!.userId],
    });
    // Cleared by the user: gone, and no notice blaming X for it.
    expect(await ok('sessions:update', { id: ready!.id, altText: null })).toMatchObject({
      altText: null,
      notice: null,
    });
  });

  it('sessions:fitPlan says a file that fits needs nothing; sessions:fit refuses it; sessions:cancelFit has nothing to stop', async () => {
    const account = await world.sandboxAccount();
    const [file] = await pickAll();
    const [ready] = await ok('sessions:prepare', {
      items: [{ fileId: file!.fileId, accountId: account.id, category: 'tweet_image' }],
    });
    expect((await ok('sessions:fitPlan', { id: ready!.id })).outcome).toEqual({ kind: 'fits' });
    expect(await call('sessions:fit', { id: ready!.id, confirmed: false })).toMatchObject({
      ok: false,
      error: { kind: 'bad_request', message: expect.stringContaining('Only a draft needs fitting') },
    });
    expect(await ok('sessions:cancelFit', { id: ready!.id })).toEqual({ cancelled: false });
  });

  it('sessions:pause stops an upload in flight and keeps what X acknowledged; the next send resumes it', async () => {
    const account = await world.sandboxAccount();
    const segments = 8;
    const padded = await makePaddedVideo(world.dir, segments * PREFERRED_CHUNK_BYTES);
    const {
      files: [file],
    } = await ok('files:addDropped', { paths: [padded] });
    const [ready] = await ok('sessions:prepare', {
      items: [{ fileId: file!.fileId, accountId: account.id, category: 'tweet_video' }],
    });
    const id = ready!.id;
    expect(ready!.segmentsTotal).toBe(segments);
    const { services } = world;
    const sandbox = services.sandbox.instance()!;

    // Every reply waits, so the pause lands while APPENDs are in flight and most segments are still to go.
    sandbox.setLatency(300);
    let paused: SessionView;
    try {
      expect(await ok('sessions:send', { ids: [id] })).toEqual({ queued: 1 });
      await eventually(() => services.ledger.requireSession(id).segmentsAcked > 0, 'a first acknowledged segment');
      paused = await ok('sessions:pause', { id });
    } finally {
      sandbox.setLatency(0);
    }
    const acked = services.ledger.ackedSegments(id);
    expect(paused).toMatchObject({ state: 'ready', notice: PAUSED_NOTICE, segmentsAcked: acked.length });
    expect(acked.length).toBeGreaterThan(0);
    expect(acked.length).toBeLessThan(segments);
    expect(paused.mediaId).toMatch(/^\d+$/);
    expect(sandbox.inspect(paused.mediaId!)).toMatchObject({
      state: 'uploading',
      segments: expect.arrayContaining(acked),
    });
    expect(
      world.events.some(
        (entry) =>
          entry.event === 'sessionChanged' &&
          (entry.payload as SessionView).id === id &&
          (entry.payload as SessionView).notice === PAUSED_NOTICE,
      ),
    ).toBe(true);
    expect(await ok('queue:status')).toMatchObject({ queued: 0, active: 0 }); // paused stays put until sent again
    const appendsBefore = await settledAppends(sandbox, paused.mediaId!);

    expect(await ok('sessions:send', { ids: [id] })).toEqual({ queued: 1 });
    await eventually(async () => (await stateOf(id)) === 'succeeded', 'the resumed session to succeed');
    const [done] = await sessionsIn([id]);
    expect(done).toMatchObject({ mediaId: paused.mediaId, segmentsAcked: segments, notice: null });
    const report = sandbox.inspect(done!.mediaId!)!;
    expect(await sandbox.digest(report.mediaId)).toBe(
      createHash('sha256')
        .update(await readFile(padded))
        .digest('hex'),
    );
    expect(report.appendCount - appendsBefore).toBe(segments - acked.length); // only the segments X had not acknowledged
  });

  it('sessions:pause is refused once X has the whole file', async () => {
    const account = await world.sandboxAccount();
    const files = await pickAll();
    const [ready] = await ok('sessions:prepare', {
      items: [{ fileId: files[1]!.fileId, accountId: account.id, category: 'tweet_video' }],
    });
    await ok('sessions:send', { ids: [ready!.id] });
    await eventually(async () => (await stateOf(ready!.id)) === 'processing', 'X to be processing the video');
    const result = await call('sessions:pause', { id: ready!.id });
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
    await eventually(async () => (await stateOf(ready!.id)) === 'succeeded', 'the session to succeed anyway');
  });

  it('a payload that does not match the contract is refused as bad_request', async () => {
    const [file] = await pickAll();
    const result = await world.dispatch('sessions:prepare', {
      items: [{ fileId: file!.fileId, accountId: 'x', category: 'tweet_movie' }],
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
  });
});

describe('accounts', () => {
  it('accounts:list holds the built-in sandbox account, pointing at the running sandbox', async () => {
    const account = await world.sandboxAccount();
    expect(account).toMatchObject({
      name: 'sandbox',
      apiBase: world.services.sandbox.url(),
      userId: SANDBOX_USERS[0]!.userId,
    });
    expect(account.verifiedAt).toEqual(expect.any(Number)); // the embedded sandbox's demo user is valid by construction
  });

  it('a PIN login opens only the vetted authorize page, then adds, verifies and removes the account', async () => {
    await world.sandboxAccount();
    const sandbox = world.services.sandbox.instance()!;
    const started = await ok('accounts:startPinLogin', {
      name: 'pinned',
      consumerKey: sandbox.consumerKey,
      consumerSecret: sandbox.consumerSecret,
      apiBase: sandbox.url,
    });
    expect(world.ports.opened).toEqual([started.authorizeUrl]);
    expect(started.authorizeUrl.startsWith(`${sandbox.url}/oauth/authorize?`)).toBe(true);
    const pin = sandbox.pinFor(new URL(started.authorizeUrl).searchParams.get('oauth_token')!)!;
    const added = await ok('accounts:finishPinLogin', { loginId: started.loginId, pin });
    expect(added).toMatchObject({ name: 'pinned', kind: 'x', screenName: SANDBOX_USERS[0]!.screenName });

    const verified = await ok('accounts:verify', { id: added.id });
    expect(verified.verifiedAt).not.toBeNull();
    expect(await ok('accounts:remove', { id: added.id })).toEqual({ removed: true });
    expect((await ok('accounts:list')).map((account) => account.name)).not.toContain('pinned');
    const changes = world.events
      .filter((entry) => entry.event === 'accountsChanged')
      .map((entry) => (entry.payload as AccountView[]).map((a) => a.name));
    expect(changes).toContainEqual(expect.arrayContaining(['pinned']));
  });

  it('a wrong PIN is refused and leaves nothing behind', async () => {
    await world.sandboxAccount();
    const sandbox = world.services.sandbox.instance()!;
    const started = await ok('accounts:startPinLogin', {
      name: 'typo',
      consumerKey: sandbox.consumerKey,
      consumerSecret: sandbox.consumerSecret,
      apiBase: sandbox.url,
    });
    const result = await call('accounts:finishPinLogin', { loginId: started.loginId, pin: '0000000' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/^That PIN is wrong or has expired/);
    expect((await ok('accounts:list')).map((account) => account.name)).not.toContain('typo');
  });

  it('an OAuth 2.0 sign-in opens the vetted authorize page and adds the account; signing in again by a pasted redirect replaces its tokens', async () => {
    await world.sandboxAccount();
    const sandbox = world.services.sandbox.instance()!;
    const redirectUri = 'http://127.0.0.1:0/callback';
    const started = await ok('accounts:startOAuth2SignIn', {
      name: 'oauth',
      clientId: sandbox.oauth2ClientId,
      redirectUri,
      apiBase: sandbox.url,
    });
    expect(world.ports.opened).toEqual([started.authorizeUrl]);
    expect(started.authorizeUrl.startsWith(`${sandbox.url}/`)).toBe(true);
    const [browser, added] = await Promise.all([
      playBrowser(started.authorizeUrl),
      ok('accounts:finishOAuth2SignIn', { signInId: started.signInId }),
    ]);
    expect(browser.status).toBe(200);
    expect(added).toMatchObject({ name: 'oauth', kind: 'x', api: 'v2' });

    const again = await ok('accounts:startOAuth2SignInAgain', { id: added.id, redirectUri });
    expect(world.ports.opened).toEqual([started.authorizeUrl, again.authorizeUrl]);
    const { location } = await answerConsent(again.authorizeUrl);
    expect(await ok('accounts:pasteOAuth2Redirect', { signInId: again.signInId, url: location })).toEqual({
      accepted: true,
    });
    expect(await ok('accounts:finishOAuth2SignIn', { signInId: again.signInId })).toMatchObject({ id: added.id });
  });

  it('a cancelled OAuth 2.0 sign-in ends as cancelled and adds nothing', async () => {
    await world.sandboxAccount();
    const sandbox = world.services.sandbox.instance()!;
    const started = await ok('accounts:startOAuth2SignIn', {
      name: 'changed-mind',
      clientId: sandbox.oauth2ClientId,
      redirectUri: 'http://127.0.0.1:0/callback',
      apiBase: sandbox.url,
    });
    const finished = call('accounts:finishOAuth2SignIn', { signInId: started.signInId });
    expect(await ok('accounts:cancelOAuth2SignIn', { signInId: started.signInId })).toEqual({ cancelled: true });
    expect(await finished).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    expect((await ok('accounts:list')).map((account) => account.name)).not.toContain('changed-mind');
  });

  it('renames an account and changes its tier in one call; its sessions follow it', async () => {
    const uploaded = await uploadedImage();
    const account = await world.sandboxAccount();
    const edited = await ok('accounts:edit', { id: account.id, name: 'Demo', tier: 'premium' });
    expect(edited).toMatchObject({ id: account.id, name: 'Demo', tier: 'premium', screenName: 'xfer_demo' });
    expect((await sessionsIn([uploaded.id]))[0]?.accountName).toBe('Demo');
  });

  it('accounts:setTier changes the tier alone', async () => {
    const account = await world.sandboxAccount();
    expect(await ok('accounts:setTier', { id: account.id, tier: 'premium' })).toMatchObject({
      id: account.id,
      name: account.name,
      tier: 'premium',
    });
    expect((await world.sandboxAccount()).tier).toBe('premium');
  });

  it("adds the sandbox's second demo user in one step", async () => {
    await world.sandboxAccount();
    const added = await ok('accounts:addSandboxUser');
    expect(added).toMatchObject({ kind: 'sandbox', screenName: 'xfer_demo_two' });
    expect(added.verifiedAt).not.toBeNull();
  });
});

describe('posts', () => {
  const HOUR = 3_600_000;
  const postState = async (id: string) => (await ok('posts:list')).find((post) => post.id === id)?.state;

  it('a scheduled post is listed, rescheduled, cancelled, retried (and so posted), opened and forgotten', async () => {
    const account = await world.sandboxAccount();
    const at = Date.now() + HOUR;
    const {
      posts: [scheduled],
    } = await ok('posts:compose', { accountId: account.id, posts: [{ text: 'Later, perhaps' }], scheduledAt: at });
    expect(scheduled).toMatchObject({ state: 'scheduled', scheduledAt: at });
    expect((await ok('posts:list', { accountId: account.id })).map((post) => post.id)).toEqual([scheduled!.id]);
    const later = await ok('posts:reschedule', { id: scheduled!.id, scheduledAt: at + HOUR });
    expect(later).toMatchObject({ state: 'scheduled', scheduledAt: at + HOUR });
    expect(await ok('posts:cancel', { id: scheduled!.id })).toMatchObject({ state: 'cancelled' });
    expect(await ok('posts:retry', { id: scheduled!.id })).toMatchObject({ state: 'ready' });
    await eventually(async () => (await postState(scheduled!.id)) === 'posted', 'the retried post to go out');
    const posted = (await ok('posts:list')).find((post) => post.id === scheduled!.id) as PostView;
    expect(posted.url).toEqual(expect.any(String));
    expect(await ok('posts:open', { id: posted.id })).toEqual({ opened: true });
    expect(world.ports.opened).toEqual([posted.url]);
    expect(await ok('posts:forget', { id: posted.id })).toEqual({ forgotten: true });
    expect(await ok('posts:list')).toEqual([]);
  });

  it('posts:sendNow sends a scheduled post at once', async () => {
    const account = await world.sandboxAccount();
    const {
      posts: [scheduled],
    } = await ok('posts:compose', {
      accountId: account.id,
      posts: [{ text: 'Now rather than later' }],
      scheduledAt: Date.now() + HOUR,
    });
    expect(await ok('posts:sendNow', { id: scheduled!.id })).toMatchObject({ state: 'ready', scheduledAt: null });
    await eventually(async () => (await postState(scheduled!.id)) === 'posted', 'the post to go out');
  });
});
