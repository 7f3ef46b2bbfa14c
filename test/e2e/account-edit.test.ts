// Accounts told apart after adding: a user renames an account and changes its tier on the Accounts
// screen, and sees it everywhere (its row, the Prepare picker, after a reload); a mistyped PIN says so.
import { beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../fixtures/media.ts';
import { fillSandboxConnection } from './account-form.ts';
import { readSandboxPin } from './read-pin.ts';
import { useSandboxWorld } from './sandbox-world.ts';

const shared = useSandboxWorld();
let image: string;
beforeAll(async () => {
  image = await makePng(shared.world.mediaDir, { width: 40, height: 30 });
});

const row = (name: string) => shared.world.page.locator(`[data-account-name="${name}"]`);

/** Prepare with one file in it; its account picker and category picker are the card's comboboxes. */
async function prepareWithFile() {
  const { page } = shared.world;
  await page.getByRole('tab', { name: 'Prepare' }).click();
  await shared.world.control('pick', { paths: [image] });
  await page.getByRole('button', { name: 'Add files…' }).click();
  const card = page.locator('article[data-file-name]').last();
  await card.waitFor();
  return card;
}

/** The account is in the picker by its name; the category hints follow its tier (tweet_video: 8 GB, premium 16 GB). */
async function checkPrepare(name: string, videoLimit: string) {
  const card = await prepareWithFile();
  const picker = card.getByRole('combobox', { name: /^Account/ });
  const option = picker.locator('option', { hasText: name });
  expect(await option.count()).toBe(1);
  await picker.selectOption(await option.getAttribute('value'));
  const video = card.getByRole('combobox', { name: /^Category/ }).locator('option[value="tweet_video"]');
  await expect.poll(() => video.textContent()).toContain(`up to ${videoLimit}`);
}

describe('editing an account', () => {
  it('renames it and changes its tier: the row, the Prepare picker and a reload all show it', async () => {
    const { page } = shared.world;
    await page.getByRole('tab', { name: 'Accounts' }).click();
    await page.getByRole('button', { name: 'Add sandbox user' }).click();
    await row('sandbox-2').waitFor();
    await checkPrepare('sandbox-2', '8 GB');
    await page.getByRole('tab', { name: 'Accounts' }).click();
    const added = row('sandbox-2');
    await added.getByRole('button', { name: /^Edit / }).click();
    const form = added.getByRole('form', { name: /^Edit / });
    await form.getByLabel('Name in Xfer').fill('brand.main');
    await form.getByLabel('Tier').selectOption('premium');
    await form.getByRole('button', { name: 'Save' }).click();

    const renamed = row('brand.main');
    await renamed.waitFor();
    expect(await row('sandbox-2').count()).toBe(0);
    await expect.poll(() => renamed.locator('.tag').allTextContents()).toContain('premium');
    await checkPrepare('brand.main', '16 GB');

    await page.reload();
    await page.getByRole('tab', { name: 'Accounts' }).click();
    await row('brand.main').waitFor();
    expect(await row('brand.main').locator('.tag').allTextContents()).toContain('premium');
    await checkPrepare('brand.main', '16 GB');
  });
});

describe('PIN login', () => {
  it('a wrong PIN says that PIN is wrong or has expired, and the right one still finishes', async () => {
    const { page } = shared.world;
    await page.getByRole('tab', { name: 'Accounts' }).click();
    await page.getByRole('button', { name: 'Add account' }).click();
    await fillSandboxConnection(page, 'pinned', shared.sandboxUrl);
    await page.getByRole('button', { name: 'Open X to sign in' }).click();
    const shown = await page.locator('[data-authorize-url]').getAttribute('data-authorize-url');
    const pin = await readSandboxPin(shown!, 'xfer_demo_two');
    const wrong = String((Number(pin) + 1) % 10 ** pin.length).padStart(pin.length, '0');

    await page.getByRole('textbox', { name: 'PIN' }).fill(wrong);
    await page.getByRole('button', { name: 'Finish sign-in' }).click();
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContainEqual(expect.stringMatching(/that PIN is wrong or has expired/i));
    expect(await row('pinned').count()).toBe(0);

    await page.getByRole('textbox', { name: 'PIN' }).fill(pin);
    await page.getByRole('button', { name: 'Finish sign-in' }).click();
    await row('pinned').waitFor();
  });
});
