// A user adds an account with PIN login against the embedded sandbox, sees it listed, and removes it.
import { describe, expect, it } from 'vitest';
import type { XferApi } from '../../main/ipc/contract.ts';
import { SANDBOX_CONSUMER_SECRET, SANDBOX_USERS } from '../../main/core/sandbox/index.ts';
import { screenshotBothThemes } from './browser.ts';
import { pageHolds } from './page-holds.ts';
import { fillSandboxConnection } from './account-form.ts';
import { readSandboxPin } from './read-pin.ts';
import { useSandboxWorld } from './sandbox-world.ts';

declare const xfer: XferApi;

const shared = useSandboxWorld();

describe('accounts', () => {
  it('lists the built-in sandbox account, labelled as such', async () => {
    const { page } = shared.world;
    await page.getByRole('tab', { name: 'Accounts' }).click();
    const sandbox = page.locator('[data-account-name]').filter({ hasText: 'Sandbox' });
    await sandbox.first().waitFor();
    await screenshotBothThemes(page, 'accounts');
  });

  it('adds an account by PIN login: main opens the authorize page, the user types the PIN', async () => {
    const { page } = shared.world;
    await page.getByRole('button', { name: 'Add account' }).click();
    await fillSandboxConnection(page, 'second', shared.sandboxUrl);
    await screenshotBothThemes(page, 'accounts-add');
    await page.getByRole('button', { name: 'Open X to sign in' }).click();

    const shown = await page.locator('[data-authorize-url]').getAttribute('data-authorize-url');
    const opened = (await shared.world.control('opened')) as string[];
    expect(opened).toEqual([shown]);
    const pin = await readSandboxPin(shown!, 'xfer_demo_two');
    await page.getByRole('textbox', { name: 'PIN' }).fill(pin);
    await screenshotBothThemes(page, 'accounts-pin');
    await page.getByRole('button', { name: 'Finish sign-in' }).click();

    const card = page.locator('[data-account-name="second"]');
    await card.waitFor();
    expect(await card.textContent()).toContain('@xfer_demo_two');
  });

  it('adds an account with pasted tokens and clears the secrets from the form', async () => {
    const { page } = shared.world;
    const user = SANDBOX_USERS[1]!;
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByText('Paste tokens').click();
    await fillSandboxConnection(page, 'third', shared.sandboxUrl);
    await page.getByRole('textbox', { name: 'Access token', exact: true }).fill(user.token);
    await page.getByLabel('Access token secret').fill(user.tokenSecret);
    // The probe sees a secret where it is (typed into a field), so its "not found" below means something.
    expect(await pageHolds(page, user.tokenSecret)).toBe(true);
    await page.getByRole('button', { name: 'Add account', exact: true }).last().click();
    const card = page.locator('[data-account-name="third"]');
    await card.waitFor();
    // The form closed: no secret stays in the page, its fields or its storage.
    expect(await page.locator('input[type="password"]').count()).toBe(0);
    expect(await pageHolds(page, user.tokenSecret)).toBe(false);
    expect(await pageHolds(page, SANDBOX_CONSUMER_SECRET)).toBe(false);
  });

  it('removes an account only after the user confirms', async () => {
    const { page } = shared.world;
    const card = page.locator('[data-account-name="second"]');
    await card.getByRole('button', { name: 'Remove @xfer_demo_two' }).click();
    await card.getByRole('button', { name: 'Keep' }).click();
    expect(await card.count()).toBe(1);
    await card.getByRole('button', { name: 'Remove @xfer_demo_two' }).click();
    await card.getByRole('button', { name: 'Yes, remove' }).click();
    await card.waitFor({ state: 'detached' });
    const listed = await page.evaluate(() => xfer.accounts.list());
    expect(listed.ok && listed.value.map((account) => account.name)).not.toContain('second');
  });
});
