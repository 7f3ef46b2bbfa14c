// Leaving the page with files on Prepare, in Chromium: a reload asks first (the browser's own "Leave site?"),
// Stay keeps the list as it was, Leave lets the page go. With nothing listed, a reload asks nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNoisePng } from '../fixtures/media.ts';
import { openWorld, type E2eWorld } from './setup.ts';

let world: E2eWorld;
let photo: string;

beforeAll(async () => {
  world = await openWorld();
  photo = await makeNoisePng(world.mediaDir, { width: 32, height: 32 });
});
afterAll(() => world?.close());

describe('leaving the page', () => {
  it('asks before a reload drops the files on Prepare, and keeps them on Stay', async () => {
    const { page } = world;
    const asked: string[] = [];
    let answer: 'stay' | 'leave' = 'stay';
    page.on('dialog', (dialog) => {
      asked.push(dialog.type());
      void (answer === 'stay' ? dialog.dismiss() : dialog.accept());
    });
    await page.reload();
    expect(asked).toEqual([]);

    await world.control('pick', { paths: [photo] });
    await page.getByRole('button', { name: 'Add files…' }).click();
    const card = page.locator(`article[data-file-name="${photo.split('/').at(-1)}"]`);
    await card.waitFor();
    // Stay: the reload never happens (its wait times out), and the card is still listed.
    await expect(page.reload({ timeout: 2_000 })).rejects.toThrow(/Timeout/);
    expect(asked).toEqual(['beforeunload']);
    expect(await card.count()).toBe(1);

    answer = 'leave';
    await page.reload();
    expect(asked).toEqual(['beforeunload', 'beforeunload']);
    await page.getByRole('button', { name: 'Add files…' }).waitFor();
    expect(await card.count()).toBe(0);
  });
});
