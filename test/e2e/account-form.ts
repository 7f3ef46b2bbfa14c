// Fills the Add account form's app and server fields for the embedded sandbox, as a user types them.
import type { Page } from 'playwright-core';
import { SANDBOX_CONSUMER_KEY, SANDBOX_CONSUMER_SECRET } from '../../main/core/sandbox/index.ts';

export async function fillSandboxConnection(page: Page, name: string, sandboxUrl: string): Promise<void> {
  await page.getByLabel('Name in Xfer').fill(name);
  await page.getByLabel('Consumer key').fill(SANDBOX_CONSUMER_KEY);
  await page.getByLabel('Consumer secret').fill(SANDBOX_CONSUMER_SECRET);
  await page.getByText('Other servers').click();
  await page.getByLabel('API base URL').fill(sandboxUrl);
  await page.getByLabel('Upload base URL').fill(sandboxUrl);
}
