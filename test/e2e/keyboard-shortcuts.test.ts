// The window's keyboard shortcuts pressed for real in Chromium through web mode: Ctrl+1…5 switch screens, "?"
// opens the list of shortcuts (focus kept inside, Esc closes and gives focus back), Ctrl+O opens the browser's
// file chooser, Ctrl+Enter sends what passes, Ctrl+A selects every session — and typing in a field stays typing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../fixtures/media.ts';
import { focusedText } from './keyboard.ts';
import { openWorld, type E2eWorld } from './setup.ts';

let world: E2eWorld;
let images: string[];
const selectedTab = () => world.page.getByRole('tab', { selected: true }).textContent();

beforeAll(async () => {
  world = await openWorld();
  images = [
    await makePng(world.mediaDir, { width: 64, height: 48 }),
    await makePng(world.mediaDir, { width: 48, height: 64 }),
  ];
  await world.page.getByRole('tab', { name: 'Prepare' }).waitFor();
});
afterAll(() => world?.close());

describe('keyboard shortcuts', () => {
  it('switches screens with Ctrl+1…5 in the order of the tabs', async () => {
    const { page } = world;
    for (const [key, name] of [
      ['2', 'Sessions'],
      ['3', 'Posts'],
      ['4', 'Accounts'],
      ['5', 'Preferences'],
      ['1', 'Prepare'],
    ] as const) {
      await page.keyboard.press(`Control+${key}`);
      await expect.poll(async () => (await selectedTab())?.trim()).toMatch(new RegExp(`^${name}`));
    }
  });

  it('"?" opens the list of shortcuts; Tab stays inside, Esc closes it and focus goes back', async () => {
    const { page } = world;
    const tab = page.getByRole('tab', { name: 'Prepare' });
    await tab.focus();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await dialog.getByRole('heading', { name: 'Keyboard shortcuts' }).count()).toBe(1);
    const text = (await dialog.textContent()) ?? '';
    for (const label of ['Ctrl+O', 'Ctrl+Enter', 'Ctrl+A', 'Ctrl+1', 'Ctrl+5', '?']) expect(text).toContain(label);
    expect(await focusedText(page)).toBe('Close');
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Close');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedText(page)).toBe('Close');
    // Other shortcuts wait while it is open.
    await page.keyboard.press('Control+2');
    expect((await selectedTab())?.trim()).toMatch(/^Prepare/);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await tab.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
  });

  it("Ctrl+O opens the browser's file chooser, and Ctrl+Enter sends what passes", async () => {
    const { page } = world;
    await page.keyboard.press('Control+3');
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Control+o');
    await (await chooser).setFiles(images);
    expect((await selectedTab())?.trim()).toMatch(/^Prepare/);
    const send = page.getByRole('button', { name: 'Send 2 now' });
    await send.waitFor({ timeout: 30_000 });
    await expect.poll(() => send.isEnabled(), { timeout: 30_000 }).toBe(true);

    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await selectedTab())?.trim(), { timeout: 30_000 }).toMatch(/^Sessions/);
    const rows = page.locator('[data-session-id]');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
    for (const state of await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-state'))))
      expect(state).not.toBe('draft');
  });

  it('Ctrl+A on Sessions selects every session for the bulk actions', async () => {
    const { page } = world;
    const bulk = page.getByRole('toolbar', { name: 'Selected sessions' });
    expect(await bulk.getByRole('checkbox').isChecked()).toBe(false);
    await page.keyboard.press('Control+a');
    await bulk.getByText('2 selected').waitFor();
    expect(await bulk.getByRole('checkbox').isChecked()).toBe(true);
    // The page's own select-all did not run as well.
    expect(
      await page.evaluate(() => String((globalThis as unknown as { getSelection(): unknown }).getSelection())),
    ).toBe('');
  });

  it('typing in a field stays typing: "?" and Ctrl+A do their usual there', async () => {
    const { page } = world;
    await page.keyboard.press('Control+3');
    const text = page.getByRole('textbox').first();
    await text.click();
    await page.keyboard.type('Why? ');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.keyboard.press('Control+a');
    const selected = await text.evaluate((element) => {
      const field = element as unknown as { selectionStart: number; selectionEnd: number; value: string };
      return field.value.slice(field.selectionStart, field.selectionEnd);
    });
    expect(selected).toBe('Why? ');
    await page.keyboard.press('Control+1');
    expect((await selectedTab())?.trim()).toMatch(/^Posts/);
  });
});
