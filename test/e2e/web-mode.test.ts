// Web mode in Chromium as a person uses it: the page comes with web mode's header policy (which
// blocks an injected inline script, seen through the CSP violation), its socket needs the token,
// and files are added through the page itself.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { makePng, makeVideo } from '../fixtures/media.ts';
import type { XferApi } from '../../main/ipc/contract.ts';
import { webModePolicy } from '../../main/security.ts';
import { screenshotBothThemes } from './browser.ts';
import { openWorld, type E2eWorld } from './setup.ts';

// The Node typecheck has no DOM library: the few page globals used in evaluate() are declared here.
interface Violation {
  effectiveDirective: string;
  originalPolicy: string;
  disposition: string;
}
declare const document: {
  addEventListener(type: 'securitypolicyviolation', listener: (event: Violation) => void): void;
  createElement(tag: 'script'): { textContent: string };
  body: { append(node: unknown): void };
};
declare const window: { injectedRan?: boolean };
declare const xfer: XferApi;
declare class DataTransfer {
  items: { add(file: unknown): void };
}
declare class File {
  constructor(parts: unknown[], name: string, options: { type: string });
}

let world: E2eWorld;
beforeAll(async () => {
  world = await openWorld();
});
afterAll(() => world?.close());

describe('web mode in the browser', () => {
  it('serves the page with web mode’s policy as a header, and that policy blocks an injected inline script', async () => {
    const response = await world.page.goto(world.harness.url);
    const policy = webModePolicy(world.harness.origin);
    expect(response?.headers()['content-security-policy']).toBe(policy);
    await world.page.getByRole('heading', { level: 1 }).first().waitFor();
    const violation = await world.page.evaluate(async () => {
      const seen = new Promise<{ directive: string; policy: string; disposition: string }>((resolve) =>
        document.addEventListener('securitypolicyviolation', (event) =>
          resolve({
            directive: event.effectiveDirective,
            policy: event.originalPolicy,
            disposition: event.disposition,
          }),
        ),
      );
      const script = document.createElement('script');
      script.textContent = 'window.injectedRan = true';
      document.body.append(script);
      return { ...(await seen), ran: window.injectedRan === true };
    });
    expect(violation).toEqual({ directive: 'script-src-elem', policy, disposition: 'enforce', ran: false });
    // Provoked on purpose: the violation's console line and event are this test's expectation, not a fault.
    expect(world.takeErrors(/Content Security Policy|^CSP violation: script-src-elem/)).toEqual([
      expect.stringContaining('Content Security Policy'),
      'CSP violation: script-src-elem blocked inline',
    ]);
  });

  it('takes no file paths over the socket: files arrive as bytes only', async () => {
    const url = new URL(`/__xfer__?token=${world.harness.token}`, world.harness.origin.replace('http', 'ws'));
    const socket = new WebSocket(url, { origin: world.harness.origin });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const answer = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
    socket.send(
      JSON.stringify({ type: 'invoke', id: 1, channel: 'files:addDropped', payload: { paths: ['/etc/hostname'] } }),
    );
    expect(JSON.parse(await answer)).toMatchObject({ id: 1, result: { ok: false, error: { kind: 'bad_request' } } });
    socket.close();
  });

  it('without the token the page is refused', async () => {
    const other = await world.newPage(); // a context of its own: no token cookie
    try {
      const response = await other.goto(world.harness.origin + '/');
      expect(response?.status()).toBe(403);
    } finally {
      await other.close();
    }
    // Chromium's console lines for the refusal: the page's, and its favicon's when Chromium asks for one (it
    // may, after the page has loaded: closing the page first ends what it can say).
    const refusals = world.takeErrors(/status of 403/);
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    expect(refusals.length).toBeLessThanOrEqual(2);
  });
});

describe('adding files in the browser', () => {
  const card = (name: string) => world.page.locator(`article[data-file-name="${name}"]`);
  const row = (name: string) => world.page.locator('[data-session-id]').filter({ hasText: name });
  const staged = async () => {
    const dir = join(world.dataDir, 'staging');
    const names: string[] = [];
    for (const folder of await readdir(dir)) names.push(...(await readdir(join(dir, folder))));
    return names.sort();
  };

  it('adds a file through the page’s own file input and one dropped as bytes, both validated from staged copies', async () => {
    const { page } = world;
    const video = await makeVideo(world.mediaDir, { seconds: 1, width: 320, height: 240, fps: 30, codec: 'h264' });
    const png = await makePng(world.mediaDir, { width: 64, height: 48 });
    await page.getByRole('tab', { name: 'Prepare' }).click();

    // Nothing queued in the test dialog: the browser's chooser opens, as for a person.
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Add files…' }).click();
    await (await chooser).setFiles(video);
    await expect.poll(() => card(basename(video)).getAttribute('data-overall'), { timeout: 30_000 }).toBe('ok');

    // A drop carries File objects without paths: their bytes go up, with progress from main.
    await page.evaluate(() => {
      const seen: unknown[] = [];
      (globalThis as unknown as { staging: unknown[] }).staging = seen;
      xfer.onFileStaging((progress) => seen.push(progress));
    });
    const bytes = [...(await readFile(png))];
    const dataTransfer = await page.evaluateHandle((content) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(content)], 'dropped.png', { type: 'image/png' }));
      return transfer;
    }, bytes);
    await page.dispatchEvent('.shell', 'dragover', { dataTransfer });
    await page.dispatchEvent('.shell', 'drop', { dataTransfer });
    await expect.poll(() => card('dropped.png').getAttribute('data-overall'), { timeout: 30_000 }).toBe('ok');
    const progress = await page.evaluate(() => (globalThis as unknown as { staging: unknown[] }).staging);
    expect(progress.at(-1)).toMatchObject({
      name: 'dropped.png',
      received: bytes.length,
      total: bytes.length,
      done: true,
      stagedId: expect.stringMatching(/^staged_/),
    });
    expect(JSON.stringify(progress)).not.toContain(world.dataDir); // ids and names only, never a path
    expect(await page.locator('[data-staging]').count()).toBe(0); // the banner went with the last event

    expect(await staged()).toEqual([basename(video), 'dropped.png'].sort());
    const copies = join(world.dataDir, 'staging');
    for (const folder of await readdir(copies)) {
      const [name] = await readdir(join(copies, folder));
      const original = name === 'dropped.png' ? png : video;
      expect((await readFile(join(copies, folder, name!))).equals(await readFile(original)), name).toBe(true);
    }
    await screenshotBothThemes(page, 'web-mode-added');
  });

  it('sends the picked one to the sandbox; the copies go when their sessions end and are forgotten', async () => {
    const { page } = world;
    await page.getByRole('button', { name: /^Prepare \d+$/ }).click();
    await page.getByText('Prepared 2 sessions.').waitFor();
    await page.getByRole('tab', { name: /Sessions/ }).click();
    const video = (await staged()).find((name) => name !== 'dropped.png')!;
    expect(await staged()).toHaveLength(2); // prepared, not ended: both copies stay

    // The dropped one: cancelled, then forgotten.
    await row('dropped.png')
      .getByRole('button', { name: /^Cancel / })
      .click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel upload' }).click(); // cancel asks first
    await row('dropped.png')
      .getByRole('button', { name: /^Forget / })
      .click();
    // Forget can be undone for a few seconds (the row keeps its place meanwhile); main forgets, and drops the
    // copy, after that.
    await expect.poll(() => row('dropped.png').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(staged, { timeout: 20_000 }).toEqual([video]);

    // The picked one: sent to the sandbox, then forgotten.
    await row(video)
      .getByRole('button', { name: /^Send / })
      .click();
    await expect.poll(() => row(video).getAttribute('data-state'), { timeout: 60_000 }).toBe('succeeded');
    expect(await row(video).locator('[data-media-id]').getAttribute('data-media-id')).toMatch(/^\d+$/);
    await screenshotBothThemes(page, 'web-mode-sent');
    await row(video)
      .getByRole('button', { name: /^Forget / })
      .click();
    await expect.poll(staged, { timeout: 20_000 }).toEqual([]);
  });
});
