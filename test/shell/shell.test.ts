// The Electron shell, loaded with a stand-in `electron` module: every contract channel is
// registered, every security setting is on, navigation/popups/permissions are denied, and a
// foreign sender is refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES, eventChannel, splitChannel } from '../../main/ipc/contract.ts';
import { CONTENT_SECURITY_POLICY } from '../../main/security.ts';
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

beforeAll(async () => {
  process.env['XFER_SANDBOX'] = process.env['XFER_SANDBOX'] ?? 'embedded';
  await import('../../main/index.ts');
  await fake.ready();
});

afterAll(() => {
  for (const window of fake.windows) window.emit('closed');
  (fake.module['app'] as NodeJS.EventEmitter).emit('will-quit');
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

  it('adds the strict CSP to every response', () => {
    let headers: Record<string, string[]> = {};
    fake.headersHandler?.(
      { responseHeaders: { 'X-Other': ['1'] } },
      (answer: { responseHeaders: Record<string, string[]> }) => {
        headers = answer.responseHeaders;
      },
    );
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
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

  it('registers the preview scheme as privileged and serves it', () => {
    expect(fake.schemes).toEqual([expect.objectContaining({ scheme: 'xfer-media' })]);
    expect(fake.protocolHandlers.has('xfer-media')).toBe(true);
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
    await api.files.addDropped([{ name: 'clip.mp4' }]);
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
