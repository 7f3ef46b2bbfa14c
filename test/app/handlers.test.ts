// Every IPC channel, round trip through the contract's dispatcher into the real handlers and
// services, with the embedded sandbox as X. Every response and pushed event is kept and searched
// for secrets at the end.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../main/app/handlers.ts';
import { acquireSenderLock } from '../../main/app/sender-lock.ts';
import { openServices, type Services } from '../../main/app/services.ts';
import { PREFERRED_CHUNK_BYTES } from '../../main/core/engine/chunk-plan.ts';
import { PAUSED_NOTICE } from '../../main/common/notices.ts';
import type { Result } from '../../main/common/errors.ts';
import { SANDBOX_CONSUMER_SECRET, SANDBOX_USERS, type Sandbox } from '../../main/core/sandbox/index.ts';
import type {
  AccountView,
  Channel,
  Events,
  FileView,
  NavigateTarget,
  RequestOf,
  ResponseOf,
  SessionView,
} from '../../main/ipc/contract.ts';
import { EventHub } from '../../main/ipc/events.ts';
import { createDispatcher, type Dispatch } from '../../main/ipc/handle.ts';
import { InMemorySecretStore } from '../fakes/secret-store.ts';
import { makeGif, makePaddedVideo, makePng, makeVideo } from '../fixtures/media.ts';

let work: string;
let services: Services;
let dispatch: Dispatch;
let image: string;
let video: string;
let gif: string;
const hub = new EventHub();
const events: { event: keyof Events; payload: unknown }[] = [];
const responses: unknown[] = [];
const ports = {
  picks: [] as string[][],
  opened: [] as string[],
  clipboard: [] as string[],
  notifications: [] as { title: string; body: string; target?: NavigateTarget }[],
  pickFiles: async () => ports.picks.shift() ?? [],
  openExternal: async (url: string) => void ports.opened.push(url),
  writeClipboard: (text: string) => void ports.clipboard.push(text),
  notify: (title: string, body: string, target?: NavigateTarget) =>
    void ports.notifications.push({ title, body, ...(target && { target }) }),
};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'xfer-handlers-'));
  [image, video, gif] = await Promise.all([
    makePng(work, { width: 64, height: 48 }),
    makeVideo(work, { seconds: 1, width: 160, height: 120, fps: 30, codec: 'h264', audio: 'aac' }),
    makeGif(work, { frames: 3, width: 32, height: 32 }),
  ]);
  services = await openServices({
    dataDir: join(work, 'data'),
    secretStore: new InMemorySecretStore(),
    sandboxOptions: { processingMs: 200 },
    startSandbox: true, // as the app's composition root does
  });
  hub.subscribe((event, payload) => events.push({ event, payload }));
  dispatch = createDispatcher(createHandlers(services, ports, hub).handlers);
});
afterAll(async () => {
  await services?.close();
  await rm(work, { recursive: true, force: true });
});

async function call<C extends Channel>(channel: C, payload?: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
  const result = (await dispatch(channel, payload)) as Result<ResponseOf<C>>;
  responses.push(result);
  return result;
}

async function ok<C extends Channel>(channel: C, payload?: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await call(channel, payload);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 3000; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never happened: ${what}`);
}

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

const sessionsIn = async (ids: string[]) => (await ok('sessions:list')).filter((session) => ids.includes(session.id));
let sandboxAccount: AccountView;
let files: FileView[];

describe('app and accounts', () => {
  it('app:info starts the embedded sandbox and reports it, the data dir and the keychain', async () => {
    const info = await ok('app:info');
    expect(info.sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.dataDir).toBe(join(work, 'data'));
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.keychain).toEqual({ ok: true, message: null });
  });

  it('app:firstRun says show until app:dismissFirstRun, and the dismissal is kept in the preferences', async () => {
    expect(await ok('app:firstRun')).toEqual({ show: true });
    expect(await ok('app:dismissFirstRun')).toEqual({ dismissed: true });
    expect(await ok('app:firstRun')).toEqual({ show: false });
    expect(services.preferences.get('firstRunSeen')).toBe(true);
  });

  it('app:openLink opens a known page by name and refuses anything else (the page never hands main a URL)', async () => {
    expect(await ok('app:openLink', { link: 'developerPortal' })).toEqual({ opened: true });
    expect(ports.opened.at(-1)).toBe('https://developer.x.com');
    const before = ports.opened.length;
    const refused = await call('app:openLink', { link: 'https://evil.example' as 'developerPortal' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
    expect(ports.opened).toHaveLength(before);
    ports.opened.length = 0; // the PIN-login test below counts every page opened
  });

  it('accounts:list holds the built-in sandbox account, pointing at the running sandbox', async () => {
    const accounts = await ok('accounts:list');
    sandboxAccount = accounts.find((account) => account.kind === 'sandbox')!;
    expect(sandboxAccount).toMatchObject({
      name: 'sandbox',
      apiBase: services.sandbox.url(),
      userId: SANDBOX_USERS[0]!.userId,
    });
    expect(sandboxAccount.verifiedAt).toEqual(expect.any(Number)); // the embedded sandbox's demo user is valid by construction
  });

  it('queue:status answers the engine status', async () => {
    expect(await ok('queue:status')).toMatchObject({ online: true, queued: 0, active: 0 });
  });
});

describe('files', () => {
  it('files:pick registers the dialog paths as opaque ids with a preview URL', async () => {
    ports.picks.push([image, video]);
    files = await ok('files:pick');
    expect(files.map((file) => file.name)).toEqual([image, video].map((path) => path.split('/').pop()));
    for (const file of files) {
      expect(file.fileId).not.toContain('/');
      expect(file.previewUrl).toBe(`xfer-media://${file.fileId}`);
    }
    expect(services.files.resolvePreview(files[0]!.fileId)).toEqual({ path: image, mediaType: 'image/png' });
    expect(services.files.resolvePreview('file_unknown')).toBeNull();
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
    files.push(dropped!);
  });

  it('files:addDropped expands a dropped folder into its media (nested too), skipping and naming the rest', async () => {
    const folder = join(work, 'holiday');
    await mkdir(join(folder, 'day 2', 'notes'), { recursive: true });
    await copyFile(image, join(folder, 'beach.png'));
    await copyFile(video, join(folder, 'day 2', 'waves.mp4'));
    await writeFile(join(folder, 'day 2', 'notes', 'packing.txt'), 'sunscreen\n');
    await writeFile(join(folder, '.DS_Store'), 'finder');
    const added = await ok('files:addDropped', { paths: [folder, gif] });
    expect(added.files.map((file) => file.name)).toEqual(['beach.png', 'waves.mp4', basename(gif)]);
    expect(added.folders).toEqual([{ name: 'holiday', added: 2, skipped: [join('day 2', 'notes', 'packing.txt')] }]);
    expect(JSON.stringify(added)).not.toContain(work); // names and ids only, never a path
  });

  it('files:addPasted keeps a pasted image’s bytes in the data folder and lists it like any file', async () => {
    const bytes = new Uint8Array(await readFile(image));
    const [pasted] = await ok('files:addPasted', { files: [{ name: 'Pasted image 1.png', bytes }] });
    expect(pasted).toMatchObject({ name: 'Pasted image 1.png', size: bytes.byteLength });
    const path = services.files.path(pasted!.fileId);
    expect(path.startsWith(join(work, 'data', 'pasted') + '/')).toBe(true);
    expect(Buffer.from(await readFile(path)).equals(Buffer.from(bytes))).toBe(true);
    const checked = await ok('files:check', { fileId: pasted!.fileId });
    expect(checked.validation).toMatchObject({ ok: true, category: 'tweet_image' });
  });

  it('files:addPasted refuses a name that would leave its folder and keeps only a safe one', async () => {
    const bytes = new Uint8Array(await readFile(image));
    const [pasted] = await ok('files:addPasted', { files: [{ name: '../../escape.png', bytes }] });
    expect(pasted!.name).toBe('_.._escape.png');
    expect(dirname(dirname(services.files.path(pasted!.fileId)))).toBe(join(work, 'data', 'pasted'));
  });

  it('files:check validates against the account tier and the chosen category', async () => {
    const checked = await ok('files:check', { fileId: files[2]!.fileId, accountId: sandboxAccount.id });
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
  let prepared: SessionView[];

  it('sessions:prepare records ready sessions with the account name joined in, and pushes each', async () => {
    prepared = await ok('sessions:prepare', {
      items: [
        {
          fileId: files[0]!.fileId,
          accountId: sandboxAccount.id,
          category: 'tweet_image',
          altText: 'A test card',
          owners: [SANDBOX_USERS[1]!.userId],
        },
        { fileId: files[1]!.fileId, accountId: sandboxAccount.id, category: 'tweet_video' },
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
    const pushed = events
      .filter((entry) => entry.event === 'sessionChanged')
      .map((entry) => (entry.payload as SessionView).id);
    expect(pushed).toEqual(expect.arrayContaining(prepared.map((session) => session.id)));
  });

  it('sessions:send queues them; progress, changes, the batch end and a notification are pushed', async () => {
    const ids = prepared.map((session) => session.id);
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
    const succeeded = await ok('sessions:list', { state: 'succeeded', accountId: sandboxAccount.id });
    expect(succeeded.map((session) => session.id).sort()).toEqual(prepared.map((session) => session.id).sort());
    expect(await ok('sessions:list', { state: 'draft' })).toEqual([]);
  });

  it('sessions:history answers the requests the upload made; a session view carries its thumbnail', async () => {
    const history = await ok('sessions:history', { id: prepared[0]!.id });
    expect(history.length).toBeGreaterThan(0);
    expect(history.every((record) => record.outcome === 'ok')).toBe(true);
    const [image] = await sessionsIn([prepared[0]!.id]);
    expect(image!.previewUrl).toBe(`xfer-media://session_${image!.id}`);
    // Served by main from the ledger's path, so sessions of earlier runs have thumbnails too.
    expect(services.files.resolvePreview(`session_${image!.id}`)).toEqual({
      path: image!.filePath,
      mediaType: 'image/png',
    });
    expect(services.files.resolvePreview('session_unknown')).toBeNull();
  });

  it('sessions:copyMediaId writes the media id to the clipboard', async () => {
    const [session] = await sessionsIn([prepared[0]!.id]);
    const copied = await ok('sessions:copyMediaId', { id: session!.id });
    expect(copied.mediaId).toMatch(/^\d{19}$/);
    expect(ports.clipboard).toEqual([copied.mediaId]);
  });

  it('sessions:copyMediaId refuses an expired media id, saying so, and copies nothing', async () => {
    const [session] = await sessionsIn([prepared[0]!.id]);
    const before = ports.clipboard.length;
    const expiresAt = session!.expiresAt;
    services.ledger.updateSession(session!.id, { expiresAt: Date.now() - 1000 });
    try {
      const result = await call('sessions:copyMediaId', { id: session!.id });
      expect(result).toMatchObject({ ok: false, error: { kind: 'not_found_or_expired', message: /expired/ } });
      expect(ports.clipboard).toHaveLength(before);
    } finally {
      services.ledger.updateSession(session!.id, { expiresAt });
    }
  });

  it('sessions:send of a session that cannot go is refused with the reason', async () => {
    const result = await call('sessions:send', { ids: [prepared[0]!.id] });
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
  });

  it('sessions:send while another process sends from the data folder is refused as environment, naming its pid', async () => {
    const [ready] = await ok('sessions:prepare', {
      items: [{ fileId: files[0]!.fileId, accountId: sandboxAccount.id, category: 'tweet_image' }],
    });
    const elsewhere = acquireSenderLock(services.dataDir, { pid: process.ppid });
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
    expect((await sessionsIn([ready!.id]))[0]?.state).toBe('ready');
    await ok('sessions:forget', { id: ready!.id });
  });

  it('sessions:cancel, sessions:retry, sessions:reassign and sessions:forget act on one session', async () => {
    const [ready] = await ok('sessions:prepare', {
      items: [{ fileId: files[2]!.fileId, accountId: sandboxAccount.id, category: 'tweet_gif' }],
    });
    const cancelled = await ok('sessions:cancel', { id: ready!.id });
    expect(cancelled.state).toBe('cancelled');

    const other = await ok('accounts:addWithTokens', {
      name: 'second',
      consumerKey: 'xfer-sandbox-consumer',
      consumerSecret: SANDBOX_CONSUMER_SECRET,
      token: SANDBOX_USERS[1]!.token,
      tokenSecret: SANDBOX_USERS[1]!.tokenSecret,
      apiBase: services.sandbox.url()!,
    });
    const moved = await ok('sessions:reassign', { id: ready!.id, accountId: other.id });
    expect(moved).toMatchObject({ accountId: other.id, accountName: 'second' });

    const retried = await ok('sessions:retry', { id: ready!.id });
    expect(['ready', 'uploading', 'finalizing', 'processing', 'succeeded']).toContain(retried.state);
    await eventually(
      async () => (await sessionsIn([ready!.id]))[0]?.state === 'succeeded',
      'the retried session to succeed',
    );

    expect(await ok('sessions:forget', { id: ready!.id })).toEqual({ forgotten: true });
    expect(
      events.some((entry) => entry.event === 'sessionRemoved' && (entry.payload as { id: string }).id === ready!.id),
    ).toBe(true);
    expect(await sessionsIn([ready!.id])).toEqual([]);
    expect(await call('sessions:forget', { id: ready!.id })).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });

  it('sessions:pause stops an upload in flight and keeps what X acknowledged; the next send resumes it', async () => {
    const segments = 8;
    const padded = await makePaddedVideo(work, segments * PREFERRED_CHUNK_BYTES);
    const {
      files: [file],
    } = await ok('files:addDropped', { paths: [padded] });
    const [ready] = await ok('sessions:prepare', {
      items: [{ fileId: file!.fileId, accountId: sandboxAccount.id, category: 'tweet_video' }],
    });
    const id = ready!.id;
    expect(ready!.segmentsTotal).toBe(segments);
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
      events.some(
        (entry) =>
          entry.event === 'sessionChanged' &&
          (entry.payload as SessionView).id === id &&
          (entry.payload as SessionView).notice === PAUSED_NOTICE,
      ),
    ).toBe(true);
    expect(await ok('queue:status')).toMatchObject({ queued: 0, active: 0 }); // paused stays put until sent again
    const appendsBefore = await settledAppends(sandbox, paused.mediaId!);

    expect(await ok('sessions:send', { ids: [id] })).toEqual({ queued: 1 });
    await eventually(async () => (await sessionsIn([id]))[0]?.state === 'succeeded', 'the resumed session to succeed');
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
    const [ready] = await ok('sessions:prepare', {
      items: [{ fileId: files[1]!.fileId, accountId: sandboxAccount.id, category: 'tweet_video' }],
    });
    await ok('sessions:send', { ids: [ready!.id] });
    await eventually(
      async () => (await sessionsIn([ready!.id]))[0]?.state === 'processing',
      'X to be processing the video',
    );
    const result = await call('sessions:pause', { id: ready!.id });
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
    await eventually(
      async () => (await sessionsIn([ready!.id]))[0]?.state === 'succeeded',
      'the session to succeed anyway',
    );
  });

  it('a payload that does not match the contract is refused as bad_request', async () => {
    const result = await dispatch('sessions:prepare', {
      items: [{ fileId: files[0]!.fileId, accountId: 'x', category: 'tweet_movie' }],
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
  });
});

describe('accounts', () => {
  it('a PIN login opens only the vetted authorize page, then adds, verifies and removes the account', async () => {
    const sandbox = services.sandbox.instance()!;
    const started = await ok('accounts:startPinLogin', {
      name: 'pinned',
      consumerKey: sandbox.consumerKey,
      consumerSecret: sandbox.consumerSecret,
      apiBase: sandbox.url,
    });
    expect(ports.opened).toEqual([started.authorizeUrl]);
    expect(started.authorizeUrl.startsWith(`${sandbox.url}/oauth/authorize?`)).toBe(true);
    const pin = sandbox.pinFor(new URL(started.authorizeUrl).searchParams.get('oauth_token')!)!;
    const added = await ok('accounts:finishPinLogin', { loginId: started.loginId, pin });
    expect(added).toMatchObject({ name: 'pinned', kind: 'x', screenName: SANDBOX_USERS[0]!.screenName });

    const verified = await ok('accounts:verify', { id: added.id });
    expect(verified.verifiedAt).not.toBeNull();
    expect(await ok('accounts:remove', { id: added.id })).toEqual({ removed: true });
    expect((await ok('accounts:list')).map((account) => account.name)).not.toContain('pinned');
    const changes = events
      .filter((entry) => entry.event === 'accountsChanged')
      .map((entry) => (entry.payload as AccountView[]).map((a) => a.name));
    expect(changes).toContainEqual(expect.arrayContaining(['pinned']));
  });

  it('a wrong PIN is refused and leaves nothing behind', async () => {
    const sandbox = services.sandbox.instance()!;
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
});

describe('accounts after adding', () => {
  it('renames an account and changes its tier in one call; its sessions follow it', async () => {
    const sandbox = (await ok('accounts:list')).find((account) => account.kind === 'sandbox')!;
    const edited = await ok('accounts:edit', { id: sandbox.id, name: 'Demo', tier: 'premium' });
    expect(edited).toMatchObject({ id: sandbox.id, name: 'Demo', tier: 'premium', screenName: 'xfer_demo' });
    const sessions = (await ok('sessions:list')).filter((session) => session.accountId === sandbox.id);
    for (const session of sessions) expect(session.accountName).toBe('Demo');
    await ok('accounts:edit', { id: sandbox.id, name: sandbox.name, tier: sandbox.tier });
  });

  it("adds the sandbox's second demo user in one step", async () => {
    const added = await ok('accounts:addSandboxUser');
    expect(added).toMatchObject({ kind: 'sandbox', screenName: 'xfer_demo_two' });
    expect(added.verifiedAt).not.toBeNull();
    await ok('accounts:remove', { id: added.id });
  });
});

describe('work offline', () => {
  it('holds sending, is kept as the workOffline preference, and lifts', async () => {
    expect(await ok('queue:setWorkOffline', { workOffline: true })).toMatchObject({ workOffline: true });
    expect(services.preferences.get('workOffline')).toBe(true);
    expect(await ok('queue:status')).toMatchObject({ workOffline: true });
    expect(await ok('queue:setWorkOffline', { workOffline: false })).toMatchObject({ workOffline: false });
    expect(services.preferences.get('workOffline')).toBe(false);
    expect(await ok('queue:tryAgainNow')).toMatchObject({ online: true });
  });
});

describe('secrets', () => {
  it('no response and no pushed event ever carries a consumer secret, token or token secret', () => {
    const secrets = [SANDBOX_CONSUMER_SECRET, ...SANDBOX_USERS.flatMap((user) => [user.token, user.tokenSecret])];
    const everything = JSON.stringify({ responses, events });
    expect(responses.length).toBeGreaterThan(25);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
