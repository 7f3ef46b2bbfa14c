// Adding files on Prepare as a person does, in Chromium through web mode: the same path twice in one
// pick, a folder dropped from the file manager (with a nested file that is not media), and an image
// pasted from the clipboard.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng, makeVideo } from '../fixtures/media.ts';
import { openWorld, type E2eWorld } from './setup.ts';

// The Node typecheck has no DOM library: the few page globals used in evaluate() are declared here.
declare const navigator: { clipboard: { write(items: unknown[]): Promise<void> } };
declare class ClipboardItem {
  constructor(items: Record<string, unknown>);
}
declare class Blob {
  constructor(parts: unknown[], options: { type: string });
}

let world: E2eWorld;
const card = (name: string) => world.page.locator(`article[data-file-name="${name}"]`);
const cards = () => world.page.locator('article[data-file-name]');
const names = () => cards().evaluateAll((all) => all.map((one) => one.getAttribute('data-file-name')));

beforeAll(async () => {
  world = await openWorld();
  await world.page.getByRole('tab', { name: 'Prepare' }).click();
});
afterAll(() => world?.close());

describe('adding files on Prepare', () => {
  it('lists the same path picked twice once, and a later add still works', async () => {
    const { page } = world;
    const png = await makePng(world.mediaDir, { width: 64, height: 48 });
    const video = await makeVideo(world.mediaDir, { seconds: 1, width: 160, height: 120, fps: 30, codec: 'h264' });
    await world.control('pick', { paths: [png, png] });
    await page.getByRole('button', { name: 'Add files…' }).click();
    await expect.poll(() => card(basename(png)).getAttribute('data-overall'), { timeout: 30_000 }).toBe('ok');
    expect(await names()).toEqual([basename(png)]);

    // A repeated key used to break the keyed list (Svelte's each_key_duplicate) and every add after it.
    await world.control('pick', { paths: [video] });
    await page.getByRole('button', { name: /^Drop more files/ }).click();
    await expect.poll(() => card(basename(video)).getAttribute('data-overall'), { timeout: 30_000 }).toBe('ok');
    expect(await names()).toEqual([basename(png), basename(video)]);
  });

  it('expands a folder dropped from the file manager, skips a nested file that is not media and says so', async () => {
    const { page } = world;
    await page.getByRole('button', { name: 'Clear' }).click();
    const folder = join(world.mediaDir, 'holiday');
    await mkdir(join(folder, 'day 2', 'notes'), { recursive: true });
    await copyFile(await makePng(world.mediaDir, { width: 32, height: 32 }), join(folder, 'beach.png'));
    await copyFile(
      await makeVideo(world.mediaDir, { seconds: 1, width: 160, height: 120, fps: 30, codec: 'h264' }),
      join(folder, 'day 2', 'waves.mp4'),
    );
    await writeFile(join(folder, 'day 2', 'notes', 'packing.txt'), 'sunscreen\n');

    // As the OS does it: a drag carrying the folder itself, dropped on the window (CDP's drag events).
    const cdp = await page.context().newCDPSession(page);
    const at = { x: 640, y: 400 };
    const data = { items: [], files: [folder], dragOperationsMask: 1 };
    for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
      await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
    }

    const banner = page.locator('[data-folder="holiday"]');
    await banner.waitFor({ timeout: 30_000 });
    expect((await banner.textContent())?.replace(/\s+/g, ' ')).toContain(
      'From the folder holiday: 2 files added · 1 skipped (not a photo, GIF, video or subtitle file)',
    );
    expect((await banner.getByRole('list', { name: 'Skipped in holiday' }).textContent())?.trim()).toBe(
      'day 2/notes/packing.txt',
    );
    await expect.poll(() => names(), { timeout: 30_000 }).toEqual(['beach.png', 'waves.mp4']);
    await expect.poll(() => card('waves.mp4').getAttribute('data-overall'), { timeout: 30_000 }).toBe('ok');
  });

  it('adds a PNG pasted from the clipboard, from its bytes', async () => {
    const { page } = world;
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.harness.origin });
    const png = await readFile(await makePng(world.mediaDir, { width: 40, height: 30 }));
    await page.evaluate(
      async (bytes) => {
        const blob = new Blob([new Uint8Array(bytes)], { type: 'image/png' });
        await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
      },
      [...png],
    );
    await page.locator('h1').click(); // focus in the page, as a person's would be, not in a text field
    await page.keyboard.press('Control+V');

    const pasted = world.page.locator('article[data-file-name^="Pasted image "]');
    await expect.poll(() => pasted.count(), { timeout: 30_000 }).toBe(1);
    const name = (await pasted.getAttribute('data-file-name'))!;
    expect(name).toMatch(/^Pasted image \d{4}-\d\d-\d\d \d\d\.\d\d\.\d\d\.png$/);
    await expect.poll(() => card(name).getAttribute('data-overall'), { timeout: 30_000 }).toBe('ok');
    expect(await card(name).textContent()).toContain('PNG image · 40×30');
  });
});
