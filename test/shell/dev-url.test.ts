// electron-vite's dev-server URL is trusted only when running from source: a packaged app
// ignores ELECTRON_RENDERER_URL and loads its own scheme.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, DEV_SERVER_POLICY } from '../../main/security.ts';
import { createFakeElectron, FakeStore, type FakeElectron } from '../fakes/electron.ts';

const DEV_URL = 'http://localhost:5173/';
const dirs: string[] = [];
let current: FakeElectron | null = null;

async function launch(isPackaged: boolean): Promise<FakeElectron> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xfer-dev-url-'));
  dirs.push(dataDir);
  const fake = createFakeElectron(dataDir, { isPackaged });
  current = fake;
  vi.resetModules();
  vi.doMock('electron', () => fake.module);
  vi.doMock('electron-store', () => ({ default: FakeStore }));
  process.env['ELECTRON_RENDERER_URL'] = DEV_URL;
  await import('../../main/index.ts');
  await fake.ready();
  if (fake.windows.length === 0)
    throw new Error(`no window: ${JSON.stringify({ exits: fake.exits, dialogs: fake.dialogs })}`);
  return fake;
}

afterEach(async () => {
  // Close the services this launch opened before the next one.
  const app = current?.module['app'] as NodeJS.EventEmitter | undefined;
  app?.emit('will-quit', { preventDefault() {} });
  for (let i = 0; i < 200 && current && current.quits === 0; i++) await new Promise((r) => setTimeout(r, 10));
  delete process.env['ELECTRON_RENDERER_URL'];
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the dev-server URL', () => {
  it('is ignored when the app is packaged', async () => {
    const fake = await launch(true);
    expect(fake.windows[0]!.loaded).toBe(APP_ENTRY_URL);
    expect(fake.headersHandler).toBeNull();
    // Our own window on the app scheme is trusted; a page from the dev URL is not.
    const contents = fake.windows[0]!.webContents;
    const handler = fake.handled.get('accounts:list')!;
    expect(await handler({ sender: contents, senderFrame: contents.mainFrame }, undefined)).toMatchObject({ ok: true });
    contents.mainFrame.url = DEV_URL;
    expect(await handler({ sender: contents, senderFrame: contents.mainFrame }, undefined)).toMatchObject({
      ok: false,
    });
  });

  it('is loaded from source, with the dev policy on the dev server’s responses only', async () => {
    const fake = await launch(false);
    expect(fake.windows[0]!.loaded).toBe(DEV_URL);
    let headers: Record<string, string[]> | undefined;
    fake.headersHandler!(
      { url: `${DEV_URL}src/main.ts`, responseHeaders: {} },
      (answer: { responseHeaders?: Record<string, string[]> }) => {
        headers = answer.responseHeaders;
      },
    );
    expect(headers?.['Content-Security-Policy']).toEqual([DEV_SERVER_POLICY]);
    let other: Record<string, unknown> | undefined;
    fake.headersHandler!({ url: 'https://example.com/', responseHeaders: {} }, (answer: Record<string, unknown>) => {
      other = answer;
    });
    expect(other).toEqual({});
  });
});
