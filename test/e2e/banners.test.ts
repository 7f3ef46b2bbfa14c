// Banners never move what is under the pointer (issue 17 item 2): the Sessions rows and their buttons stay where
// they were when the work-offline banner, the batch-finished banner or the undo toast appears, and Prepare's cards
// when a notice does (a toast, clear of the footer's buttons), when a dropped folder's summary comes and when the
// first-run welcome goes; measured in Chromium through web mode.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { makePng } from '../fixtures/media.ts';
import { prepareOnSessions, sessionRow } from './sessions-listed.ts';
import { openWorld, type E2eWorld } from './setup.ts';

let world: E2eWorld;
let names: string[];
const row = (name: string) => sessionRow(world, name);

beforeAll(async () => {
  world = await openWorld();
  const paths = [
    await makePng(world.mediaDir, { width: 64, height: 48 }),
    await makePng(world.mediaDir, { width: 48, height: 64 }),
    await makePng(world.mediaDir, { width: 40, height: 40 }),
  ];
  names = await prepareOnSessions(world, paths);
}, 120_000);
afterAll(() => world?.close());

async function box(locator: Locator): Promise<{ x: number; y: number }> {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not on screen');
  return { x: found.x, y: found.y };
}

describe('banners', () => {
  it('keep the rows and their buttons in place as they come and go', async () => {
    const { page } = world;
    const last = row(names[2]!);
    const cancel = last.getByRole('button', { name: /^Cancel / });
    const before = await box(cancel);

    await page.getByRole('switch', { name: 'Work offline' }).check();
    await page.locator('[data-offline-banner="held"]').waitFor();
    expect(await box(cancel)).toEqual(before);
    await page.getByRole('button', { name: 'Go back online' }).click();
    await page.locator('[data-offline-banner]').waitFor({ state: 'detached' });
    expect(await box(cancel)).toEqual(before);

    await row(names[0]!)
      .getByRole('button', { name: /^Send / })
      .click();
    const batch = page.getByText(/^Batch finished: 1 succeeded/);
    await batch.waitFor({ timeout: 30_000 });
    expect(await box(cancel)).toEqual(before);

    const forget = row(names[0]!).getByRole('button', { name: /^Forget / });
    const forgetAt = await box(forget);
    await forget.click();
    await page.locator('[data-undo-toast]').waitFor();
    expect(await box(cancel)).toEqual(before);
    await page.locator('[data-undo-toast]').getByRole('button', { name: 'Undo' }).click();
    await page.locator('[data-undo-toast]').waitFor({ state: 'detached' });
    expect(await box(forget)).toEqual(forgetAt);

    await page.getByRole('button', { name: 'Dismiss' }).click();
    await batch.waitFor({ state: 'detached' });
    expect(await box(cancel)).toEqual(before);
  });

  it("keep Prepare's cards in place when a notice comes, and stay clear of its footer's buttons", async () => {
    // A window of its own: nothing said yet on its Prepare screen (the first test's "Prepared 3 sessions" is not).
    const page = await world.newPage();
    await page.goto(world.harness.url);
    const paths = [
      await makePng(world.mediaDir, { width: 32, height: 32 }),
      await makePng(world.mediaDir, { width: 36, height: 36 }),
    ];
    const [first, second] = paths.map((path) => path.split('/').at(-1)!);
    await page.getByRole('tab', { name: 'Prepare' }).click();
    expect(await page.getByText(/^(Prepared|Already listed)/).count()).toBe(0);
    await world.control('pick', { paths });
    await page.getByRole('button', { name: 'Add files…' }).click();
    const remove = page.getByRole('button', { name: `Remove ${second}` });
    await remove.waitFor();
    const before = await box(remove);

    // The same file again: said in a notice, which must not push the cards down.
    await world.control('pick', { paths: [paths[0]] });
    await page.getByRole('button', { name: 'Add files…' }).click();
    const notice = page.getByRole('status').filter({ hasText: `Already listed: ${first}` });
    await notice.waitFor();
    expect(await box(remove)).toEqual(before);
    const toast = await notice.boundingBox();
    for (const name of [/^Send \d+ now$/, /^Prepare \d+$/, 'Clear']) {
      const button = await page.getByRole('button', { name }).boundingBox();
      const overlaps =
        toast!.x < button!.x + button!.width &&
        button!.x < toast!.x + toast!.width &&
        toast!.y < button!.y + button!.height &&
        button!.y < toast!.y + toast!.height;
      expect(overlaps, `the notice covers ${String(name)}`).toBe(false);
    }
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached' });
    expect(await box(remove)).toEqual(before);
    await page.close();
  });

  it("keep Prepare's cards in place when a folder's summary comes and when the welcome goes", async () => {
    // A window of its own on this fresh data folder: the welcome is still shown (no test before said Got it).
    const page = await world.newPage();
    await page.goto(world.harness.url);
    await page.getByRole('tab', { name: 'Prepare' }).click();
    const welcome = page.getByRole('region', { name: 'Welcome to Xfer' });
    await welcome.waitFor();
    const path = await makePng(world.mediaDir, { width: 30, height: 30 });
    await world.control('pick', { paths: [path] });
    await page.getByRole('button', { name: 'Add files…' }).click();
    const remove = page.getByRole('button', { name: `Remove ${path.split('/').at(-1)!}` });
    await remove.waitFor();
    const before = await box(remove);

    // A folder dropped from the file manager (CDP's drag events, as the OS does it): its summary comes.
    const folder = join(world.mediaDir, 'trip');
    await mkdir(folder, { recursive: true });
    await copyFile(await makePng(world.mediaDir, { width: 34, height: 34 }), join(folder, 'harbour.png'));
    await writeFile(join(folder, 'notes.txt'), 'ferry at nine\n');
    const cdp = await page.context().newCDPSession(page);
    const data = { items: [], files: [folder], dragOperationsMask: 1 };
    for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
      await cdp.send('Input.dispatchDragEvent', { type, x: 640, y: 400, data });
    }
    await page.locator('[data-folder="trip"]').waitFor({ timeout: 30_000 });
    await page.locator('article[data-file-name="harbour.png"]').waitFor();
    expect(await box(remove)).toEqual(before);

    await welcome.getByRole('button', { name: 'Got it' }).click();
    await welcome.waitFor({ state: 'detached' });
    expect(await box(remove)).toEqual(before);
    await page.close();
  });
});
