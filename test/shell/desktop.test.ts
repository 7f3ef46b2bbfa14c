// Desktop conventions of the shell, loaded with the stand-in `electron`: the tray (status tooltip,
// Show, Quit), closing to the tray with the "closeToTray" preference (the app keeps running) and
// closing for real without it, notifications for posts (shown only with "notifications" on; a click
// shows the window and opens the post), and the taskbar progress while uploads run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IDLE_STATUS } from '../../main/app/desktop-status.ts';
import { SANDBOX_CONSUMER_KEY, SANDBOX_CONSUMER_SECRET, SANDBOX_USERS } from '../../main/core/sandbox/index.ts';
import { createPostsClient } from '../../main/core/x-api/posts-client.ts';
import { eventChannel, type PostView } from '../../main/ipc/contract.ts';
import { createFakeElectron, type FakeBrowserWindow, type FakeElectron, type FakeStore } from '../fakes/electron.ts';
import { makePng } from '../fixtures/media.ts';

const state = vi.hoisted(() => ({ fake: null as FakeElectron | null, stores: [] as unknown[] }));
const dataDir = mkdtempSync(join(tmpdir(), 'xfer-desktop-'));
state.fake = createFakeElectron(dataDir);

vi.mock('electron', () => state.fake!.module);
vi.mock('electron-store', async () => {
  const { FakeStore: Store } = await import('../fakes/electron.ts');
  return {
    default: class extends Store {
      constructor() {
        super();
        state.stores.push(this);
      }
    },
  };
});

const fake = state.fake;
const preferences = () => state.stores[0] as FakeStore;
const window = () => fake.windows[0]!;

/** Calls a channel as our own window's page does. */
async function call(channel: string, payload?: unknown): Promise<{ ok: boolean; value?: unknown; error?: unknown }> {
  const contents = window().webContents;
  const handler = fake.handled.get(channel)!;
  return (await handler({ sender: contents, senderFrame: contents.mainFrame }, payload)) as never;
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 1500; attempt++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never happened: ${what}`);
}

/** The built-in account, once the sandbox the start-up set going in the background is up (listing never starts it). */
async function sandboxAccountId(): Promise<string> {
  let found: string | undefined;
  await eventually(() => {
    void call('accounts:list').then((answer) => {
      found ??= (answer.value as { id: string; kind: string }[]).find((account) => account.kind === 'sandbox')?.id;
    });
    return found !== undefined;
  }, 'the built-in sandbox account');
  return found!;
}

/** Posts straight to the embedded sandbox as its second demo user (not an account of this app). */
async function postAsAnotherUser(text: string): Promise<string> {
  const { sandboxUrl } = (await call('app:info')).value as { sandboxUrl: string };
  const other = SANDBOX_USERS[1]!;
  const client = createPostsClient({
    api: 'v2',
    endpoints: { apiBase: sandboxUrl, uploadBase: sandboxUrl },
    credentials: {
      consumerKey: SANDBOX_CONSUMER_KEY,
      consumerSecret: SANDBOX_CONSUMER_SECRET,
      token: other.token,
      tokenSecret: other.tokenSecret,
    },
  });
  return (await client.create({ text, mediaIds: [], inReplyTo: null })).postId;
}

async function compose(text: string, replyTo: string | null = null): Promise<PostView> {
  const answer = await call('posts:compose', { accountId: await sandboxAccountId(), posts: [{ text }], replyTo });
  const posts = (answer.value as { posts: PostView[] } | undefined)?.posts ?? [];
  if (!answer.ok || posts.length !== 1) throw new Error(`compose failed: ${JSON.stringify(answer)}`);
  return posts[0]!;
}

beforeAll(async () => {
  process.env['XFER_SANDBOX'] = process.env['XFER_SANDBOX'] ?? 'embedded';
  await import('../../main/index.ts');
  await fake.ready();
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the tray', () => {
  it('is made at start with the idle status, Show Xfer and Quit Xfer', () => {
    expect(fake.trays).toHaveLength(1);
    const tray = fake.trays[0]!;
    expect(tray.tooltip).toBe(IDLE_STATUS.tooltip);
    expect(tray.menu.map((item) => item.label ?? item.type)).toEqual([
      'Show Xfer',
      'Work offline',
      'separator',
      'Quit Xfer',
    ]);
    expect(tray.image).toMatchObject({ path: expect.stringMatching(/assets[/\\]icon\.png$/) });
  });
});

describe('the tray’s Work offline', () => {
  it('holds all sending as the window’s switch does, and its tick follows the engine', async () => {
    const tray = fake.trays[0]!;
    const item = () => tray.menu.find((entry) => entry.label === 'Work offline')!;
    expect(item()).toMatchObject({ type: 'checkbox', checked: false });
    tray.choose('Work offline');
    await eventually(() => item().checked === true, 'the tick');
    expect(((await call('queue:status')).value as { workOffline: boolean }).workOffline).toBe(true);
    expect(preferences().get('workOffline')).toBe(true);
    // Lifted from the window: the tray's tick follows.
    await call('queue:setWorkOffline', { workOffline: false });
    await eventually(() => item().checked === false, 'the tick to go');
    expect(((await call('queue:status')).value as { workOffline: boolean }).workOffline).toBe(false);
  });
});

describe('closing the window', () => {
  it('without "closeToTray": the window really closes (and the app quits as before)', async () => {
    const first = window();
    first.close();
    expect(first.isDestroyed()).toBe(true);
    expect(fake.windows).toHaveLength(0);
    // The tray's Show makes a new, trusted window.
    fake.trays[0]!.choose('Show Xfer');
    expect(fake.windows).toHaveLength(1);
    expect(window()).not.toBe(first);
    expect(window().isVisible()).toBe(true);
    expect((await call('accounts:list')).ok).toBe(true);
  });

  it('with "closeToTray": the window hides, the app keeps running, and the tray brings it back', async () => {
    preferences().set('closeToTray', true);
    const current = window();
    current.show();
    current.close();
    expect(current.isDestroyed()).toBe(false);
    expect(current.isVisible()).toBe(false);
    expect(fake.windows).toEqual([current]);
    expect(fake.quits).toBe(0);
    // Main still answers and sends: a due post goes out while hidden (the scheduler runs).
    const post = await compose('Sent while the window is in the tray');
    await eventually(() => fake.notifications.some((n) => n.options.title.startsWith('Posted as')), 'the post');
    expect(post.state).not.toBe('failed');
    fake.trays[0]!.choose('Show Xfer');
    expect(current.isVisible()).toBe(true);
    expect(window()).toBe(current);
  });
});

describe('notifications', () => {
  it('a post going out shows one with who and the text; a click shows the window and opens the post', async () => {
    const before = fake.notifications.length;
    const post = await compose('Hello from the shell');
    await eventually(() => fake.notifications.length > before, 'a notification');
    const notification = fake.notifications.at(-1)!;
    expect(notification.options).toEqual({ title: 'Posted as @xfer_demo', body: 'Hello from the shell' });
    expect(notification.shown).toBe(true);

    window().hide();
    notification.click();
    expect(window().isVisible()).toBe(true);
    expect(window().webContents.sent).toContainEqual([eventChannel('navigate'), { screen: 'posts', id: post.id }]);
  });

  it('a post failing shows one with X’s words, which opens that post', async () => {
    // A reply to another user's post, which Xfer did not make (so offline it is only a warning): X refuses it.
    const before = fake.notifications.length;
    const post = await compose('A reply X will refuse', await postAsAnotherUser('Not yours to reply to'));
    await eventually(() => fake.notifications.length > before, 'a notification');
    const notification = fake.notifications.at(-1)!;
    expect(notification.options.title).toBe('Post failed (@xfer_demo)');
    expect(notification.options.body).toMatch(/reply|not allowed|forbidden/i);
    notification.click();
    expect(window().webContents.sent).toContainEqual([eventChannel('navigate'), { screen: 'posts', id: post.id }]);
  });

  it('opens the post once a window closed meanwhile has loaded again', async () => {
    preferences().set('closeToTray', false);
    const before = fake.notifications.length;
    const post = await compose('Clicked after the window was closed');
    await eventually(() => fake.notifications.length > before, 'a notification');
    window().close();
    expect(fake.windows).toHaveLength(0);
    fake.notifications.at(-1)!.click();
    const reopened = window();
    expect(reopened.webContents.sent.filter(([channel]) => channel === eventChannel('navigate'))).toEqual([]);
    reopened.webContents.emit('did-finish-load');
    expect(reopened.webContents.sent).toContainEqual([eventChannel('navigate'), { screen: 'posts', id: post.id }]);
  });

  it('shows none while the "notifications" preference is off', async () => {
    preferences().set('notifications', false);
    const before = fake.notifications.length;
    const post = await compose('Quietly');
    await eventually(() => {
      const states = fake.windows[0]!.webContents.sent.filter(([channel]) => channel === eventChannel('postChanged'))
        .map(([, payload]) => payload as PostView)
        .filter((view) => view.id === post.id)
        .map((view) => view.state);
      return states.includes('posted') || states.includes('failed');
    }, 'the post to end');
    expect(fake.notifications).toHaveLength(before);
    preferences().set('notifications', true);
  });
});

describe('the taskbar progress and the tray status', () => {
  it('show the upload while it runs and go back to idle (-1) when it ends', async () => {
    const current: FakeBrowserWindow = window();
    current.progress.length = 0;
    const image = await makePng(dataDir, { width: 64, height: 48 });
    const [file] = ((await call('files:addDropped', { paths: [image] })).value as { files: { fileId: string }[] })
      .files;
    const accountId = await sandboxAccountId();
    const prepared = await call('sessions:prepare', {
      items: [{ fileId: file!.fileId, accountId, category: 'tweet_image' }],
    });
    const [session] = prepared.value as { id: string }[];
    const tooltips: string[] = [];
    const tray = fake.trays[0]!;
    const setToolTip = tray.setToolTip.bind(tray);
    tray.setToolTip = (text: string) => {
      tooltips.push(text);
      setToolTip(text);
    };
    await call('sessions:send', { ids: [session!.id] });
    await eventually(() => fake.notifications.some((n) => n.options.title === 'Uploads finished'), 'the batch');
    await eventually(() => current.progress.at(-1)?.value === -1, 'the bar to go');
    const values = current.progress.map((entry) => entry.value);
    expect(values.some((value) => value >= 0 && value <= 1)).toBe(true);
    expect(current.progress.at(-1)).toEqual({ value: -1, mode: 'none' });
    expect(tooltips.some((text) => /^Xfer: 1 uploading · \d+ %$/.test(text))).toBe(true);
    expect(tray.tooltip).toBe(IDLE_STATUS.tooltip);
    // The batch's notification opens its one session.
    fake.notifications.find((n) => n.options.title === 'Uploads finished')!.click();
    expect(current.webContents.sent).toContainEqual([
      eventChannel('navigate'),
      { screen: 'sessions', id: session!.id },
    ]);
  });
});

describe('quitting from the tray', () => {
  it('closes the window for real even with "closeToTray" on', () => {
    preferences().set('closeToTray', true);
    const current = window();
    fake.trays[0]!.choose('Quit Xfer');
    expect(fake.quits).toBe(1);
    current.close();
    expect(current.isDestroyed()).toBe(true);
  });
});
