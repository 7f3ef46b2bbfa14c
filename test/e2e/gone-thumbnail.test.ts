// A session whose file was moved or deleted since it was prepared: its thumbnail is still asked for (main no
// longer stats every file on every list), and the preview route answers 204 No Content, which Chromium loads
// as nothing to show without a console error (a 404 would log "Failed to load resource"); the row then draws
// its kind's icon (components/Thumbnail.svelte) rather than a broken-image box. The world's
// automatic page-error check fails this test if the page logs anything.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNoisePng, makeVideo } from '../fixtures/media.ts';
import { openWorld, type E2eWorld } from './setup.ts';

let world: E2eWorld;
let paths: string[];
/** Kept in place: a video Chromium reads but cannot draw (no error, a frame of no size). */
let hevc: string;
const row = (path: string) => world.page.locator('[data-session-id]').filter({ hasText: path.split('/').at(-1)! });

beforeAll(async () => {
  world = await openWorld();
  paths = [
    await makeNoisePng(world.mediaDir, { width: 48, height: 48 }),
    await makeVideo(world.mediaDir, { seconds: 1, width: 160, height: 120, fps: 30, codec: 'h264' }),
  ];
  hevc = await makeVideo(world.mediaDir, { seconds: 1, width: 160, height: 120, fps: 30, codec: 'hevc' });
  await world.control('pick', { paths: [...paths, hevc] });
  await world.page.getByRole('button', { name: 'Add files…' }).click();
  // Every card checked (a video is read more slowly than an image) before they are prepared together.
  await world.page.getByRole('button', { name: `Prepare ${paths.length + 1}` }).click();
  await world.page.getByRole('tab', { name: /Sessions/ }).click();
  for (const path of [...paths, hevc]) await row(path).waitFor();
}, 120_000);
afterAll(() => world?.close());

describe('a video the browser cannot draw', () => {
  it('shows the film icon, not an empty box', async () => {
    await expect.poll(() => row(hevc).locator('[data-thumb]').getAttribute('data-thumb')).toBe('film');
  });
});

describe('a thumbnail whose file is gone', () => {
  it('is answered 204, drawn as an icon and logs nothing in the console, for an image and a video', async () => {
    const { page } = world;
    for (const path of paths) await rm(path);
    const kept = await row(hevc).getAttribute('data-session-id');
    const answered: number[] = [];
    page.on('response', (response) => {
      const url = response.url();
      if (url.includes('/xfer-media/session_') && !url.includes(`session_${kept}`)) answered.push(response.status());
    });
    await page.reload();
    await page.getByRole('tab', { name: /Sessions/ }).click();
    for (const path of paths) await row(path).waitFor();
    await expect.poll(() => answered.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(paths.length);
    expect(new Set(answered)).toEqual(new Set([204]));
    // Nothing to draw: each row shows its kind's icon, not the browser's broken-image box.
    await expect.poll(() => row(paths[0]!).locator('[data-thumb]').getAttribute('data-thumb')).toBe('file');
    await expect.poll(() => row(paths[1]!).locator('[data-thumb]').getAttribute('data-thumb')).toBe('film');
    // Give the page time to report a failed load (the automatic check after this test reads what it said).
    await page.waitForTimeout(500);
    expect(world.errors).toEqual([]);
  });
});
