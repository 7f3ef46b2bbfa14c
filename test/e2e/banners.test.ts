// Banners never move what is under the pointer (issue 17 item 2): the Sessions rows and their buttons stay where
// they were when the work-offline banner, the batch-finished banner or the undo toast appears, measured in
// Chromium through web mode.
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
});
