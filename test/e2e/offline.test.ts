// Offline you can act on: the banner appears when X cannot be reached, the connection coming back is
// noticed within ~2 s even after a long outage (the engine's own probe schedule, not a test's), and
// "work offline" holds sending until lifted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XferApi } from '../../main/ipc/contract.ts';
import { makePng } from '../fixtures/media.ts';
import { screenshotBothThemes } from './browser.ts';
import { openWorld, type E2eWorld } from './setup.ts';

declare const xfer: XferApi;

let world: E2eWorld;
let images: string[];
beforeAll(async () => {
  world = await openWorld();
  images = [
    await makePng(world.mediaDir, { width: 64, height: 48 }),
    await makePng(world.mediaDir, { width: 48, height: 64 }),
  ];
});
afterAll(() => world?.close());

/** Picks one file, prepares it for the sandbox account and sends it, through the page's own api. */
async function sendOne(path: string): Promise<string> {
  await world.control('pick', { paths: [path] });
  return world.page.evaluate(async () => {
    const unwrap = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    };
    const [file] = unwrap(await xfer.files.pick());
    const sandbox = unwrap(await xfer.accounts.list()).find((account) => account.kind === 'sandbox')!;
    const [session] = unwrap(
      await xfer.sessions.prepare({
        items: [{ fileId: file!.fileId, accountId: sandbox.id, category: 'tweet_image' }],
      }),
    );
    unwrap(await xfer.sessions.send({ ids: [session!.id] }));
    return session!.id;
  });
}

async function stateOf(id: string): Promise<string> {
  return world.page.evaluate(async (sessionId) => {
    const result = await xfer.sessions.list();
    return result.ok ? (result.value.find((session) => session.id === sessionId)?.state ?? 'gone') : 'error';
  }, id);
}

describe('offline', () => {
  it('shows a banner with "Try again now" while X cannot be reached, and goes within 2 s of the connection returning', async () => {
    const { page } = world;
    await world.control('online', { online: false });
    const id = await sendOne(images[0]!);
    const banner = page.locator('[data-offline-banner="offline"]');
    await banner.waitFor();
    expect(await banner.textContent()).toContain("You're offline");
    await banner.getByRole('button', { name: 'Try again now' }).click();
    await screenshotBothThemes(page, 'offline-banner');
    await page.setViewportSize({ width: 760, height: 800 });
    await screenshotBothThemes(page, 'offline-banner-760');
    await page.setViewportSize({ width: 1280, height: 860 });

    // A long enough outage that a plain doubling backoff would be waiting 8 s or more by now.
    await page.waitForTimeout(9000);
    await world.control('online', { online: true });
    await banner.waitFor({ state: 'detached', timeout: 2500 });
    await expect.poll(() => stateOf(id), { timeout: 30_000 }).toBe('succeeded');
  });

  it('"Work offline" holds sending, survives nothing going out, and "Go back online" sends what waited', async () => {
    const { page } = world;
    await page.getByRole('switch', { name: 'Work offline' }).check();
    const held = page.locator('[data-offline-banner="held"]');
    await held.waitFor();
    const id = await sendOne(images[1]!);
    await expect.poll(() => held.textContent()).toContain('1 upload held');
    expect(await stateOf(id)).toBe('ready');
    await screenshotBothThemes(page, 'work-offline');

    await held.getByRole('button', { name: 'Go back online' }).click();
    await held.waitFor({ state: 'detached' });
    expect(await page.getByRole('switch', { name: 'Work offline' }).isChecked()).toBe(false);
    await expect.poll(() => stateOf(id), { timeout: 30_000 }).toBe('succeeded');
  });
});
