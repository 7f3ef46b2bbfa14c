// The OAuth 2.0 sign-in from the Accounts screen, in Chromium against the embedded sandbox: main
// opens the authorize page (the harness records it), a second tab plays the system browser and
// approves, X redirects to main's loopback listener, and the new account's card says how it signs in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, XferApi } from '../../main/ipc/contract.ts';
import { SANDBOX_OAUTH2_CLIENT_ID } from '../../main/core/sandbox/index.ts';
import { screenshotBothThemes } from './browser.ts';
import { openWorld, type E2eWorld } from './setup.ts';

declare const xfer: XferApi;

let world: E2eWorld;
let sandboxUrl: string;
beforeAll(async () => {
  world = await openWorld();
  const info = await world.page.evaluate(() => xfer.app.info());
  sandboxUrl = (info as { ok: true; value: AppInfo }).value.sandboxUrl!;
});
afterAll(() => world?.close());

describe('OAuth 2.0 sign-in', () => {
  it('signs in with X in the browser and lists the account as OAuth 2.0, refreshing automatically', async () => {
    const { page } = world;
    await page.getByRole('tab', { name: 'Accounts' }).click();
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByText('Sign in with X (OAuth 2.0)').click();
    await page.getByLabel('Name in Xfer').fill('bearer');
    await page.getByLabel('OAuth 2.0 client ID').fill(SANDBOX_OAUTH2_CLIENT_ID);
    await page.getByLabel('Redirect URI').fill('http://127.0.0.1:0/callback');
    await page.getByText('Other servers').click();
    await page.getByLabel('Server URL (sign-in, API and upload)').fill(sandboxUrl);
    await screenshotBothThemes(page, 'accounts-oauth2');
    await page.getByRole('button', { name: 'Sign in with X' }).click();

    const shown = await page.locator('[data-authorize-url]').getAttribute('data-authorize-url');
    expect(await page.locator('[data-sign-in-step]').textContent()).toContain('Waiting for the browser');
    const opened = (await world.control('opened')) as string[];
    expect(opened.at(-1)).toBe(shown);

    // The "system browser": approve on X's page, which redirects to main's loopback listener.
    const browserTab = await world.newPage();
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
    const { page } = world;
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByText('Sign in with X (OAuth 2.0)').click();
    await page.getByLabel('Name in Xfer').fill('refused');
    await page.getByLabel('OAuth 2.0 client ID').fill(SANDBOX_OAUTH2_CLIENT_ID);
    await page.getByLabel('Redirect URI').fill('http://127.0.0.1:0/callback');
    await page.getByText('Other servers').click();
    await page.getByLabel('Server URL (sign-in, API and upload)').fill(sandboxUrl);
    await page.getByRole('button', { name: 'Sign in with X' }).click();
    const shown = await page.locator('[data-authorize-url]').getAttribute('data-authorize-url');
    const browserTab = await world.newPage();
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
