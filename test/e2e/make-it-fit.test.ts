// "Make it fit X" as a user does it in Chromium: a refused 1080p clip is prepared as a draft, fixed from its
// detail (the plan, progress, ready), then sent; and a draft's category edited and checked again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XferApi } from '../../main/ipc/contract.ts';
import { makePng, makeVideo } from '../fixtures/media.ts';
import { screenshotBothThemes } from './browser.ts';
import { openWorld, type E2eWorld } from './setup.ts';

let world: E2eWorld;
let clip: string;
let png: string;
const baseName = (path: string) => path.split('/').at(-1)!;
const card = (name: string) => world.page.locator(`article[data-file-name="${name}"]`);

beforeAll(async () => {
  world = await openWorld();
  clip = await makeVideo(world.mediaDir, { seconds: 2, width: 1920, height: 1080, fps: 30, codec: 'h264' });
  png = await makePng(world.mediaDir, { width: 48, height: 48 });
});
afterAll(() => world?.close());

async function prepareAsDraft(path: string, category?: string) {
  const { page } = world;
  await page.getByRole('tab', { name: 'Prepare' }).click();
  await world.control('pick', { paths: [path] });
  await page.getByRole('button', { name: 'Add files…' }).click();
  await card(baseName(path)).locator('[data-field="total_bytes"]').waitFor();
  if (category) {
    await card(baseName(path))
      .getByRole('combobox', { name: /^Category/ })
      .selectOption(category);
  }
  await page.getByRole('button', { name: /^Prepare \d+$/ }).click();
  await page.getByText(/Prepared 1 session/).waitFor();
  await page.getByRole('tab', { name: /Sessions/ }).click();
}

describe('make it fit X', () => {
  it('fixes a refused 1080p clip: plan, progress, ready, sent', async () => {
    const { page } = world;
    await prepareAsDraft(clip);
    // Found by its file, whatever order the Sessions screen lists rows in, then held by its id (converting
    // renames the file it sends).
    const byFile = page.locator('[data-session-id]').filter({ hasText: baseName(clip) });
    const id = await byFile.getAttribute('data-session-id');
    const row = page.locator(`[data-session-id="${id}"]`);
    await expect.poll(() => row.getAttribute('data-state')).toBe('draft');
    // Retry means nothing on a draft: it is not offered.
    expect(await row.getByRole('button', { name: /^Retry / }).count()).toBe(0);
    await row.getByRole('button', { name: /^Fix / }).click();

    const detail = page.locator('aside[data-detail-for]');
    await detail.locator('[data-code="video.dimensions.too_large"]').waitFor();
    await detail.getByText('Scaled 1920×1080 → 1280×720 (aspect kept)').waitFor();
    await screenshotBothThemes(page, 'fit-draft');

    await detail.getByRole('button', { name: 'Make it fit X' }).click();
    await detail.getByText(/Converting · \d+%/).waitFor({ timeout: 60_000 });
    // ffmpeg's own progress reaches the page: a percentage above 0 before the end.
    await detail.locator('[data-conversion-percent]:not([data-conversion-percent="0"])').waitFor({ timeout: 60_000 });
    await screenshotBothThemes(page, 'fit-converting');
    await expect.poll(() => detail.getAttribute('data-state'), { timeout: 120_000 }).toBe('ready');
    await detail.getByText(/Converted from/).waitFor();
    await screenshotBothThemes(page, 'fit-ready');

    await detail.getByRole('button', { name: /^Send / }).click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 90_000 }).toBe('succeeded');
    await screenshotBothThemes(page, 'fit-sent');
  });

  it('edits a draft’s category and checks it again: the image becomes ready', async () => {
    const { page } = world;
    await prepareAsDraft(png, 'tweet_video');
    const row = page.locator('[data-session-id]').filter({ hasText: baseName(png) });
    await expect.poll(() => row.getAttribute('data-state')).toBe('draft');
    await row.getByRole('button', { name: /^Fix / }).click();
    const detail = page.locator('aside[data-detail-for]');
    await detail.locator('[data-cannot]').waitFor();
    expect(await detail.locator('[data-cannot]').textContent()).toMatch(/choose tweet_image/);
    await detail.getByRole('combobox', { name: 'Category' }).selectOption('tweet_image');
    await expect.poll(() => detail.getAttribute('data-state')).toBe('ready');
    expect(await detail.locator('[data-findings="none"]').count()).toBe(1);
  });

  it('prepares one file for two accounts at once (one session each) and says when a file is already listed', async () => {
    const { page } = world;
    // A second account, added offline through the same contract the Accounts screen uses.
    const added = await page.evaluate(() =>
      (globalThis as unknown as { xfer: XferApi }).xfer.accounts.addWithTokens({
        name: 'second',
        consumerKey: 'k',
        consumerSecret: 's',
        token: 't',
        tokenSecret: 'ts',
        offline: true,
      }),
    );
    expect(added.ok).toBe(true);
    await page.getByRole('tab', { name: 'Prepare' }).click();
    await world.control('pick', { paths: [clip] });
    await page.getByRole('button', { name: 'Add files…' }).click();
    const item = card(baseName(clip));
    await item.locator('[data-field="total_bytes"]').waitFor();
    await item.locator('[data-tier-note]').waitFor();
    await world.control('pick', { paths: [clip] });
    await page.getByRole('button', { name: 'Add files…' }).click();
    await page.getByText(`Already listed: ${baseName(clip)}`).waitFor();
    await item.getByRole('button', { name: 'More options' }).click();
    await item
      .getByRole('group', { name: /^Also prepare for/ })
      .getByRole('checkbox', { name: /second/ })
      .check();
    await screenshotBothThemes(page, 'prepare-two-accounts');
    const before = await page.evaluate(async () => {
      const listed = await (globalThis as unknown as { xfer: XferApi }).xfer.sessions.list();
      return listed.ok ? listed.value.length : -1;
    });
    await page.getByRole('button', { name: /^Prepare \d+$/ }).click();
    await page.getByText(/Prepared 2 sessions/).waitFor();
    const sessions = await page.evaluate(async () => {
      const listed = await (globalThis as unknown as { xfer: XferApi }).xfer.sessions.list();
      return listed.ok ? listed.value.map((session) => ({ account: session.accountName, file: session.fileName })) : [];
    });
    expect(sessions.length).toBe(before + 2);
    const newest = sessions.filter((session) => session.file === baseName(clip)).map((session) => session.account);
    expect(newest).toEqual(expect.arrayContaining(['second']));
  });
});
