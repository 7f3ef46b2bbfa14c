// The OAuth 2.0 sign-in from the Accounts screen, in Chromium against the embedded sandbox: main
// opens the authorize page (the harness records it), a second tab plays the system browser and
// approves, X redirects to main's loopback listener, and the new account's card says how it signs in.
import { describe, expect, it } from 'vitest';
import type { XferApi } from '../../main/ipc/contract.ts';
import { fillSandboxOAuth2 } from './account-form.ts';
import { screenshotBothThemes } from './browser.ts';
import { useSandboxWorld } from './sandbox-world.ts';

declare const xfer: XferApi;

const shared = useSandboxWorld();

describe('OAuth 2.0 sign-in', () => {
  it('signs in with X in the browser and lists the account as OAuth 2.0, refreshing automatically', async () => {
    const { page } = shared.world;
    await page.getByRole('tab', { name: 'Accounts' }).click();
    await page.getByRole('button', { name: 'Add account' }).click();
    await fillSandboxOAuth2(page, 'bearer', shared.sandboxUrl);
    await screenshotBothThemes(page, 'accounts-oauth2');
    await page.getByRole('button', { name: 'Sign in with X' }).click();

    const shown = await page.locator('[data-authorize-url]').getAttribute('data-authorize-url');
    expect(await page.locator('[data-sign-in-step]').textContent()).toContain('Waiting for the browser');
    const opened = (await shared.world.control('opened')) as string[];
    expect(opened.at(-1)).toBe(shown);

    // The "system browser": approve on X's page, which redirects to main's loopback listener.
    const browserTab = await shared.world.newPage();
    await browserTab.goto(shown!);
    await browserTab.getByRole('button', { name: 'Authorize app' }).click();
    await browserTab.getByText('Signed in. You can close this tab').waitFor();
    await browserTab.close();

    const card = page.locator('[data-account-name="bearer"]');
    await card.waitFor();
    const text = await card.textContent();
    expect(text).toContain('OAuth 2.0');
    expect(text).toContain('refreshes automatically');
    expect(text).toContain('@xfer_demo');
  });

  it("a denied consent shows X's words and adds nothing", async () => {
    const { page } = shared.world;
    await page.getByRole('button', { name: 'Add account' }).click();
    await fillSandboxOAuth2(page, 'refused', shared.sandboxUrl);
    await page.getByRole('button', { name: 'Sign in with X' }).click();
    const shown = await page.locator('[data-authorize-url]').getAttribute('data-authorize-url');
    const browserTab = await shared.world.newPage();
    await browserTab.goto(shown!);
    await browserTab.getByRole('button', { name: 'Cancel' }).click();
    // As a person would: the tab is closed once X has sent it back to Xfer's loopback page (closed at once,
    // the redirect could be cut off before it reached the listener).
    await browserTab.getByText('X did not authorize Xfer. You can close this tab').waitFor();
    await browserTab.close();
    await page.getByRole('alert').filter({ hasText: 'The user denied the authorization request.' }).waitFor();
    const listed = await page.evaluate(() => xfer.accounts.list());
    expect(listed.ok && listed.value.map((account) => account.name)).not.toContain('refused');
  });
});
