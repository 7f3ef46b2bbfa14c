// The foundation's spine: the page, through window.xfer built by the shared bridge, makes one real
// channel round trip to the real handlers and receives one event main pushes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, XferApi } from '../../main/ipc/contract.ts';
import type { QueueStatus } from '../../main/common/progress.ts';
import { screenshotBothThemes } from './browser.ts';
import { focusedText, unnamedControls } from './keyboard.ts';
import { openWorld, type E2eWorld } from './setup.ts';

declare const xfer: XferApi;

let world: E2eWorld;
beforeAll(async () => {
  world = await openWorld();
});
afterAll(() => world?.close());

describe('harness spine', () => {
  it('answers a channel round trip from the page with the real handlers', async () => {
    const result = await world.page.evaluate(() => xfer.app.info());
    expect(result.ok).toBe(true);
    const info = (result as { ok: true; value: AppInfo }).value;
    expect(info.dataDir).toBe(world.dataDir);
    expect(info.sandboxUrl).toMatch(/^https?:\/\/127\.0\.0\.1:\d+/);
  });

  it('refuses a malformed payload with the contract’s bad_request value', async () => {
    const result = await world.page.evaluate(() => xfer.sessions.cancel({ id: '' }));
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
  });

  it('delivers an event main pushes to the page’s subscriber', async () => {
    // Subscribe in the page first (the page keeps the promise), then push from main.
    await world.page.evaluate(() => {
      const page = globalThis as unknown as { received: Promise<QueueStatus> };
      page.received = new Promise((resolve) => {
        const stop = xfer.onStatus((status) => {
          if (status.waitingForConnection !== 3) return;
          stop();
          resolve(status);
        });
      });
    });
    const pushed: QueueStatus = {
      online: false,
      workOffline: false,
      waitingForConnection: 3,
      queued: 0,
      active: 0,
      paused: [],
    };
    world.harness.hub.emit('status', pushed);
    const received = world.page.evaluate(() => (globalThis as unknown as { received: Promise<QueueStatus> }).received);
    expect(await received).toEqual(pushed);
    await world.page.getByText('3 waiting for connection').waitFor();
    await screenshotBothThemes(world.page, 'spine');
  });

  it('reaches every screen from the keyboard, and names every control', async () => {
    const { page } = world;
    // The check itself can fail: an unnamed button is reported.
    await page
      .locator('body')
      .evaluate((body) => body.insertAdjacentHTML('beforeend', '<button id="unnamed-probe"></button>'));
    expect(await unnamedControls(page)).toEqual(['<button id="unnamed-probe"></button>']);
    await page.locator('#unnamed-probe').evaluate((probe) => probe.remove());

    // A fresh data folder shows the first-run explanation at the end of Prepare, in the tab order; "Got it"
    // takes it away for good (the keyboard path below is then the everyday one).
    const welcome = page.getByRole('region', { name: 'Welcome to Xfer' });
    expect(await unnamedControls(page)).toEqual([]);
    await welcome.getByRole('button', { name: 'Got it' }).click();
    await welcome.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('tab', { name: 'Prepare' }).waitFor();
    expect(await welcome.count()).toBe(0);

    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Prepare');
    expect(await unnamedControls(page)).toEqual([]);
    await page.keyboard.press('ArrowRight');
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    await page.keyboard.press('ArrowRight');
    await page.getByRole('heading', { name: 'Posts', exact: true }).waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    await page.keyboard.press('ArrowRight');
    await page.getByRole('heading', { name: 'Accounts' }).waitFor();
    // "Add account" is among the screen's first few stops (after "Add sandbox user" and the header's switches).
    const stops: string[] = [];
    for (let tab = 0; tab < 6 && stops.at(-1) !== 'Add account'; tab++) {
      await page.keyboard.press('Tab');
      stops.push((await focusedText(page)) ?? '');
    }
    expect(stops).toContain('Add account');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Add an account' }).waitFor();
    expect(await unnamedControls(page)).toEqual([]);
  });
});
