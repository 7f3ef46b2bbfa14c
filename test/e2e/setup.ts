// One e2e world per test file: a private keyring, a fresh data dir, the renderer (built once per
// run), the harness with the real handlers (and the embedded sandbox), and Chromium. Every page the world
// opens is watched: a console error or warning, a page error or a CSP violation fails the test it happened
// in (test/e2e/page-errors.ts), unless the test takes it with `takeErrors`.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TOKEN_HEADER } from '../../main/harness/access.ts';
import { realApp } from '../../main/harness/real-app.ts';
import { startHarness, type Harness } from '../../main/harness/server.ts';
import { startPrivateSecretService, type PrivateSecretService } from '../setup/secret-service.ts';
import { launchChromium } from './browser.ts';
import { takePageErrors, unwatchPageErrors, watchPageErrors } from './page-errors.ts';
import { sharedBuild } from './shared-build.ts';

export interface E2eWorld {
  harness: Harness;
  browser: Browser;
  page: Page;
  /** Console errors and warnings, page errors and CSP violations of the world's pages since the last test. */
  errors: string[];
  /** Removes and returns the errors matching `pattern`, for a test that provokes them on purpose. */
  takeErrors(pattern: RegExp): string[];
  /** Another watched page, in a context of its own (no cookies shared: a separate browser, as a user's). */
  newPage(): Promise<Page>;
  dataDir: string;
  /** Scratch folder for generated media. */
  mediaDir: string;
  /** Calls the harness's test control API. */
  control(action: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** The real services, with the engine's own reconnect schedule (back online noticed within ~2 s). */
const engineDefaults = realApp();

export async function openWorld(
  options: {
    viewport?: { width: number; height: number };
    engine?: NonNullable<Parameters<typeof realApp>[0]>['engine'];
  } = {},
): Promise<E2eWorld> {
  const root = await mkdtemp(join(tmpdir(), 'xfer-e2e-'));
  const dataDir = join(root, 'data');
  const mediaDir = join(root, 'media');
  await mkdir(mediaDir, { recursive: true });
  let secrets: PrivateSecretService | null = null;
  let harness: Harness | null = null;
  let browser: Browser | null = null;
  const errors: string[] = [];
  const close = async () => {
    unwatchPageErrors(errors);
    await browser?.close();
    await harness?.close();
    await secrets?.stop();
    await rm(root, { recursive: true, force: true });
  };
  try {
    secrets = await startPrivateSecretService();
    const outRoot = await sharedBuild();
    harness = await startHarness({ dataDir, outRoot, testMode: true, createApp: engineDefaults });
    browser = await launchChromium();
    const opened = browser;
    const newPage = async (viewport?: { width: number; height: number }) => {
      const context = await opened.newContext(viewport ? { viewport } : {});
      await watchPageErrors(context, errors); // one list for the world, whichever of its pages logged
      return context.newPage();
    };
    const page = await newPage(options.viewport ?? { width: 1280, height: 860 });
    const url = harness.url;
    const token = harness.token;
    await page.goto(url);
    return {
      harness,
      browser,
      page,
      errors,
      takeErrors: (pattern) => takePageErrors(errors, pattern),
      newPage: () => newPage(),
      dataDir,
      mediaDir,
      async control(action, body) {
        const response = await fetch(new URL(`/__test__/${action}`, url), {
          method: body === undefined ? 'GET' : 'POST',
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        if (!response.ok) throw new Error(`control ${action}: ${response.status} ${await response.text()}`);
        return response.json();
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
