// Fills the Add account form's app and server fields for the embedded sandbox, as a user types them: PIN login
// (OAuth 1.0a) or, once the form is open, OAuth 2.0.
import type { Page } from 'playwright-core';
import {
  SANDBOX_CONSUMER_KEY,
  SANDBOX_CONSUMER_SECRET,
  SANDBOX_OAUTH2_CLIENT_ID,
} from '../../main/core/sandbox/index.ts';

export async function fillSandboxConnection(page: Page, name: string, sandboxUrl: string): Promise<void> {
  await page.getByLabel('Name in Xfer').fill(name);
  await page.getByLabel('Consumer key').fill(SANDBOX_CONSUMER_KEY);
  await page.getByLabel('Consumer secret').fill(SANDBOX_CONSUMER_SECRET);
  await page.getByText('Other servers').click();
  await page.getByLabel('API base URL').fill(sandboxUrl);
  await page.getByLabel('Upload base URL').fill(sandboxUrl);
}

/** OAuth 2.0 with the sandbox's demo client and any free loopback port; the sign-in button is left to the test. */
export async function fillSandboxOAuth2(page: Page, name: string, sandboxUrl: string): Promise<void> {
  await page.getByText('Sign in with X (OAuth 2.0)').click();
  await page.getByLabel('Name in Xfer').fill(name);
  await page.getByLabel('OAuth 2.0 client ID').fill(SANDBOX_OAUTH2_CLIENT_ID);
  await page.getByLabel('Redirect URI').fill('http://127.0.0.1:0/callback');
  await page.getByText('Other servers').click();
  await page.getByLabel('Server URL (sign-in, API and upload)').fill(sandboxUrl);
}
