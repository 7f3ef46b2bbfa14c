// The whole job as a user does it, against the real handlers and the embedded sandbox: add three
// files, read the per-field validation, fix a category, send, watch the uploads finish, copy a
// media id, then lose the connection and get it back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMislabelled, makeOversizeImage, makeVideo } from '../fixtures/media.ts';
import { screenshotBothThemes } from './browser.ts';
import { unnamedControls } from './keyboard.ts';
import { openWorld, type E2eWorld } from './setup.ts';

let world: E2eWorld;
let files: { video: string; oversize: string; mislabelled: string };
const card = (name: string) => world.page.locator(`article[data-file-name="${name}"]`);
const field = (name: string, fieldName: string) => card(name).locator(`[data-field="${fieldName}"]`);
const baseName = (path: string) => path.split('/').at(-1)!;

beforeAll(async () => {
  world = await openWorld();
  files = {
    video: await makeVideo(world.mediaDir, { seconds: 2, width: 320, height: 240, fps: 30, codec: 'h264' }),
    oversize: await makeOversizeImage(world.mediaDir),
    mislabelled: await makeMislabelled(world.mediaDir),
  };
});
afterAll(() => world?.close());

describe('prepare and send', () => {
  it('adds picked files and shows total_bytes, media_type and media_category field by field', async () => {
    const { page } = world;
    await world.control('pick', { paths: [files.video, files.oversize, files.mislabelled] });
    await page.getByRole('button', { name: 'Add files…' }).click();
    for (const path of Object.values(files)) await card(baseName(path)).locator('[data-field="total_bytes"]').waitFor();

    const video = baseName(files.video);
    await expect.poll(() => card(video).getAttribute('data-overall')).toBe('ok');
    for (const name of ['total_bytes', 'media_type', 'media_category']) {
      expect(await field(video, name).getAttribute('data-status')).toBe('ok');
    }

    const oversize = baseName(files.oversize);
    expect(await field(oversize, 'total_bytes').getAttribute('data-status')).toBe('error');
    expect(await field(oversize, 'total_bytes').textContent()).toMatch(/Limit: .*5/);
    expect(await field(oversize, 'total_bytes').locator('.finding').count()).toBeGreaterThan(0);

    const mislabelled = baseName(files.mislabelled);
    expect(await field(mislabelled, 'media_type').textContent()).toContain('image/png');
    expect(await field(mislabelled, 'media_type').locator('[data-code="media_type.extension_mismatch"]').count()).toBe(
      1,
    );
    expect(await unnamedControls(page)).toEqual([]);
    await screenshotBothThemes(page, 'prepare');
  });

  it('flags a category that does not fit and takes the suggested one', async () => {
    const { page } = world;
    const mislabelled = baseName(files.mislabelled);
    // The name says .mp4, so the user first files it as a video …
    await card(mislabelled)
      .getByRole('combobox', { name: /^Category/ })
      .selectOption('tweet_video');
    await expect.poll(() => field(mislabelled, 'media_category').getAttribute('data-status')).not.toBe('ok');
    await screenshotBothThemes(page, 'prepare-mismatch');
    // … and follows the suggestion the bytes support.
    await card(mislabelled)
      .getByRole('button', { name: /^Use tweet_image$/ })
      .click();
    await expect.poll(() => field(mislabelled, 'media_category').getAttribute('data-status')).toBe('ok');
    expect(
      await card(mislabelled)
        .getByRole('combobox', { name: /^Category/ })
        .inputValue(),
    ).toBe('tweet_image');
  });

  it('sends with Send now and shows each upload reach succeeded with a media id', async () => {
    const { page } = world;
    await card(baseName(files.oversize))
      .getByRole('button', { name: /^Remove / })
      .click();
    const image = card(baseName(files.mislabelled));
    await image.getByRole('button', { name: 'Add alt text', exact: true }).click();
    await image.getByLabel('Alt text', { exact: true }).fill('A test card with colour bars');
    await page.getByRole('button', { name: /^Send \d+ now$/ }).click();

    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    const rows = page.locator('[data-session-id]');
    await expect.poll(() => rows.count()).toBe(2);
    await expect
      .poll(() => rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-state'))), { timeout: 60_000 })
      .toEqual(['succeeded', 'succeeded']);
    const bars = await page
      .getByRole('progressbar')
      .evaluateAll((all) => all.map((bar) => bar.getAttribute('aria-valuenow')));
    expect(bars).toEqual(['100', '100']);
    await screenshotBothThemes(page, 'sessions');
  });

  it('copies a media id through main to the clipboard', async () => {
    const { page } = world;
    const row = page.locator('[data-session-id]').first();
    const shown = await row.locator('[data-media-id]').getAttribute('data-media-id');
    expect(shown).toMatch(/^\d+$/);
    await row.getByRole('button', { name: /^Copy media id of / }).click();
    await row
      .getByRole('button', { name: /^Copy media id of / })
      .filter({ hasText: 'Copied' })
      .waitFor();
    expect(await world.control('clipboard')).toEqual([shown]);
  });

  it('waits for the connection while offline and finishes once it is back', async () => {
    const { page } = world;
    await world.control('online', { online: false });
    await page.getByRole('tab', { name: 'Prepare' }).click();
    await world.control('pick', { paths: [files.video] });
    await page.getByRole('button', { name: 'Add files…' }).click();
    await card(baseName(files.video)).locator('[data-field="total_bytes"]').waitFor();
    // This time: save it first, then send it from the Sessions screen.
    await page.getByRole('button', { name: /^Prepare \d+$/ }).click();
    await page.getByText('Prepared 1 session.').waitFor();
    await page.getByRole('tab', { name: /Sessions/ }).click();
    await page.getByRole('button', { name: 'Send 1 ready' }).click();

    await page.locator('[data-online="false"]').waitFor({ timeout: 60_000 });
    await page.getByText(/waiting for connection/).waitFor({ timeout: 60_000 });
    await screenshotBothThemes(page, 'offline');

    await world.control('online', { online: true });
    await page.locator('[data-online="true"]').waitFor({ timeout: 90_000 });
    await expect
      .poll(() => page.locator('[data-session-id]').first().getAttribute('data-state'), { timeout: 90_000 })
      .toBe('succeeded');
  });
});
