// The Electron shell, loaded with a stand-in `electron` module: every contract channel is
// registered, every security setting is on, navigation/popups/permissions are denied, the page
// comes from the app scheme with the shipped header CSP (never file://), a foreign sender is
// refused, reopening a window adds nothing twice, and quit waits for the services to close.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UNSAVED_WORK_WARNING } from '../../main/common/notices.ts';
import { CHANNEL_NAMES, EVENT_NAMES, eventChannel, splitChannel } from '../../main/ipc/contract.ts';
import { APP_ENTRY_URL, APP_POLICY, APP_SCHEME } from '../../main/security.ts';
import { createFakeElectron, type FakeElectron } from '../fakes/electron.ts';

const state = vi.hoisted(() => ({ fake: null as FakeElectron | null }));
const dataDir = mkdtempSync(join(tmpdir(), 'xfer-shell-'));
state.fake = createFakeElectron(dataDir);

vi.mock('electron', () => state.fake!.module);
vi.mock('electron-store', () => ({
  default: class {
    #data = new Map<string, unknown>();
    get(key: string, fallback?: unknown) {
      return this.#data.has(key) ? this.#data.get(key) : fallback;
    }
    set(key: string, value: unknown) {
      this.#data.set(key, value);
    }
  },
}));

const fake = state.fake;
const root = join(import.meta.dirname, '../..');
const appEvents = fake.module['app'] as NodeJS.EventEmitter;

beforeAll(async () => {
  process.env['XFER_SANDBOX'] = process.env['XFER_SANDBOX'] ?? 'embedded';
  await import('../../main/index.ts');
  await fake.ready();
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the main process shell', () => {
  it('registers exactly the contract channels on ipcMain', () => {
    expect([...fake.handled.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('opens one window with isolation, sandbox and no Node', () => {
    expect(fake.windows).toHaveLength(1);
    const prefs = fake.windows[0]!.options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(String(prefs['preload'])).toMatch(/preload[/\\]index\.cjs$/);
  });

  it('denies navigation, new windows and every permission', () => {
    const contents = fake.windows[0]!.webContents;
    const navigation = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    contents.emit('will-navigate', navigation, 'https://evil.example/');
    expect(navigation.prevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    let granted: boolean | null = null;
    fake.permissionRequestHandler?.(contents, 'media', (answer: boolean) => (granted = answer));
    expect(granted).toBe(false);
    expect(fake.permissionCheckHandler?.(contents, 'clipboard-read')).toBe(false);
  });

  it('asks before the page is left with work only it holds, and leaves only when told to', () => {
    const contents = fake.windows[0]!.webContents;
    const attempt = (answer: number) => {
      fake.dialogAnswers.push(answer);
      const unload = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      contents.emit('will-prevent-unload', unload);
      return unload.prevented;
    };
    const asked = fake.dialogs.length;
    expect(attempt(1)).toBe(false); // Stay: Electron keeps the page
    expect(attempt(0)).toBe(true); // Leave: the page's guard is overridden
    expect(fake.dialogs.slice(asked)).toHaveLength(2);
    expect(fake.dialogs.at(-1)).toMatchObject({
      buttons: ['Leave', 'Stay'],
      cancelId: 1,
      detail: UNSAVED_WORK_WARNING,
    });
  });

  it('loads the page from the app scheme, never a file', () => {
    expect(fake.windows[0]!.loaded).toBe(APP_ENTRY_URL);
    // The fake's loadFile throws, and no shell source can reach file:// pages.
    for (const file of ['main/index.ts', 'main/window.ts']) {
      const source = readFileSync(join(root, file), 'utf8');
      expect(source, file).not.toMatch(/loadFile|pathToFileURL|file:\/\//);
    }
  });

  it('serves the page with the shipped policy as a response header (the one that governs it)', async () => {
    const handler = fake.protocolHandlers.get(APP_SCHEME)!;
    // From source, the scheme serves renderer/ (the built app serves out/renderer: test/shell/build.test.ts).
    const page = (await handler(new Request(APP_ENTRY_URL))) as Response;
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(APP_POLICY);
    const html = await page.text();
    expect(html).not.toMatch(/http-equiv="Content-Security-Policy"/i); // no second, looser policy in the page
    const missing = (await handler(new Request(`${APP_ENTRY_URL.replace('index.html', 'nope.js')}`))) as Response;
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(APP_POLICY);
    // What the policy allows: our own code, previews from our scheme, nothing over a socket or inline.
    expect(APP_POLICY).toContain("script-src 'self'");
    expect(APP_POLICY).toContain("default-src 'none'");
    expect(APP_POLICY).not.toMatch(/unsafe-|ws:|wss:|http:|https:|\*/);
    // Not in dev: no header rewriting of other responses.
    expect(fake.headersHandler).toBeNull();
  });

  it('registers the app and preview schemes as privileged, as the fuses require', () => {
    expect(fake.schemes).toEqual([
      expect.objectContaining({
        scheme: APP_SCHEME,
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
      expect.objectContaining({ scheme: 'xfer-media' }),
    ]);
    expect(fake.protocolHandlers.has('xfer-media')).toBe(true);
    // The packaged app grants file:// nothing, and serves nothing from it: the fuse and the scheme agree.
    const builder = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    expect(builder).toMatch(/^\s*grantFileProtocolExtraPrivileges:\s*false\s*$/m);
    expect(builder).toMatch(/^\s*onlyLoadAppFromAsar:\s*true\s*$/m);
    expect(new URL(fake.windows[0]!.loaded!).protocol).toBe(`${APP_SCHEME}:`);
  });

  it('answers a channel for our own window and refuses a foreign sender', async () => {
    const contents = fake.windows[0]!.webContents;
    const handler = fake.handled.get('accounts:list')!;
    const own = { sender: contents, senderFrame: contents.mainFrame };
    const ownResult = (await handler(own, undefined)) as { ok: boolean };
    expect(ownResult.ok).toBe(true);

    const subFrame = { sender: contents, senderFrame: { url: contents.mainFrame.url } };
    expect(await handler(subFrame, undefined)).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
    const stranger = { sender: { id: 999, mainFrame: null }, senderFrame: null };
    expect(await handler(stranger, undefined)).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
  });

  it('refuses a malformed payload from our own window', async () => {
    const contents = fake.windows[0]!.webContents;
    const handler = fake.handled.get('sessions:cancel')!;
    const result = await handler({ sender: contents, senderFrame: contents.mainFrame }, { id: 42 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad_request', message: expect.stringContaining('id') } });
  });

  it('reopens a window without adding listeners twice', async () => {
    expect(appEvents.listenerCount('activate')).toBe(1);
    const first = fake.windows[0]!;
    first.close();
    appEvents.emit('activate');
    expect(fake.windows).toHaveLength(1);
    const second = fake.windows[0]!;
    expect(second).not.toBe(first);
    expect(appEvents.listenerCount('activate')).toBe(1);
    // The closed window's events stopped; the new one's window is trusted and served.
    const handler = fake.handled.get('accounts:list')!;
    const old = { sender: first.webContents, senderFrame: first.webContents.mainFrame };
    expect(await handler(old, undefined)).toMatchObject({ ok: false });
    const current = { sender: second.webContents, senderFrame: second.webContents.mainFrame };
    expect(await handler(current, undefined)).toMatchObject({ ok: true });
    // One change, one message, to the open window only: the hub holds one forwarder, the closed one's went with it.
    // The built-in account comes with the sandbox, started in the background.
    const list = async () => ((await handler(current, undefined)) as { value: { id: string; name: string }[] }).value;
    for (let i = 0; i < 300 && (await list()).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const [account] = await list();
    const changes = (contents: { sent: Array<[string, unknown]> }) =>
      contents.sent.filter(([channel]) => channel === eventChannel('accountsChanged')).length;
    const [oldBefore, newBefore] = [changes(first.webContents), changes(second.webContents)];
    const edit = fake.handled.get('accounts:edit')!;
    expect(await edit(current, { id: account!.id, name: 'renamed' })).toMatchObject({ ok: true });
    expect(changes(second.webContents) - newBefore).toBe(1);
    expect(changes(first.webContents)).toBe(oldBefore);
    await edit(current, { id: account!.id, name: account!.name });
  });
});

describe('the preload', () => {
  beforeAll(async () => {
    await import('../../main/preload.ts');
  });

  it('exposes window.xfer with one function per channel and never ipcRenderer', () => {
    expect([...fake.exposed.keys()]).toEqual(['xfer']);
    const api = fake.exposed.get('xfer') as Record<string, Record<string, unknown>>;
    for (const channel of CHANNEL_NAMES) {
      const [area, verb] = splitChannel(channel);
      expect(typeof api[area]?.[verb], channel).toBe('function');
    }
    expect(JSON.stringify(Object.keys(api))).not.toContain('ipcRenderer');
  });

  it('invokes the channel and turns dropped files into paths', async () => {
    const api = fake.exposed.get('xfer') as { files: { addDropped(files: unknown[]): Promise<unknown> } };
    await api.files.addDropped([{ file: { name: 'clip.mp4' }, entry: null }]);
    expect(fake.invoked.at(-1)).toEqual(['files:addDropped', { paths: ['/dropped/clip.mp4'] }]);
  });

  it('subscribes to events on their own channels and unsubscribes', () => {
    const api = fake.exposed.get('xfer') as Record<string, (cb: (p: unknown) => void) => () => void>;
    const seen: unknown[] = [];
    const off = api['onStatus']!((payload) => seen.push(payload));
    const listeners = fake.rendererListeners.get(eventChannel('status'))!;
    for (const listener of listeners) listener({ sender: 'x' }, { online: true });
    off();
    expect(seen).toEqual([{ online: true }]);
    expect(fake.rendererListeners.get(eventChannel('status'))!.size).toBe(0);
    expect(EVENT_NAMES).toContain('status');
  });
});

describe('quitting', () => {
  it('holds the quit until the engine has stopped and the ledger is closed, then quits once', async () => {
    const event = { prevented: 0, preventDefault: () => event.prevented++ };
    appEvents.emit('will-quit', event);
    appEvents.emit('will-quit', event); // a second Cmd-Q while closing changes nothing
    expect(event.prevented).toBe(2);
    for (let i = 0; i < 200 && fake.quits === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(fake.quits).toBe(1);
    // Closed: the next will-quit (from that app.quit) goes through, and the ledger is released.
    const last = { prevented: 0, preventDefault: () => last.prevented++ };
    appEvents.emit('will-quit', last);
    expect(last.prevented).toBe(0);
    const { Ledger } = await import('../../main/core/ledger/index.ts');
    const reopened = Ledger.open(join(dataDir, 'ledger.sqlite'));
    reopened.close();
  });
});
