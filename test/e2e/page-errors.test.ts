// The check every e2e test gets (test/e2e/page-errors.ts) can fail: a page that logs console.error fails
// its test through the automatic afterEach, with the page's words; so do a warning, a thrown error and a
// CSP violation; and a test that provokes one on purpose can take it and pass.
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { assertNoPageErrors, takePageErrors, unwatchPageErrors, watchPageErrors } from './page-errors.ts';

// The Node typecheck has no DOM library: the page globals used in evaluate() are declared here.
declare const document: {
  createElement(tag: 'script'): { textContent: string; src: string };
  body: { append(node: unknown): void };
};

let browser: Browser;
let page: Page;
const errors: string[] = [];
beforeAll(async () => {
  browser = await launchChromium();
  const context = await browser.newContext();
  await watchPageErrors(context, errors);
  page = await context.newPage();
  // A page with a strict policy, as the app's: no inline script, nothing from elsewhere.
  await page.route('http://xfer.test/', (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: { 'content-security-policy': "default-src 'self'; script-src 'self'" },
      body: '<!doctype html><title>probe</title><p>probe</p>',
    }),
  );
  await page.goto('http://xfer.test/');
});
afterAll(async () => {
  unwatchPageErrors(errors);
  await browser?.close();
});

/** Waits until the page's messages have reached the test process. */
async function settled(count: number): Promise<void> {
  await expect.poll(() => errors.length).toBeGreaterThanOrEqual(count);
}

describe('the page-error check', () => {
  let failure = '';
  // Expected to fail: the automatic afterEach fails it, since the page logged an error.
  it.fails('fails a test whose page logs console.error, by itself', async () => {
    onTestFailed(({ task }) => {
      failure = (task.result?.errors ?? []).map((error) => error.message).join('\n');
    });
    await page.evaluate(() => console.error('the probe broke'));
    await settled(1);
  });

  it('… and names what the page said', () => {
    expect(failure).toContain('The page logged 1 error(s) or warning(s)');
    expect(failure).toContain('console.error: the probe broke');
    expect(errors).toEqual([]); // the check emptied the list: one failure is not carried into the next test
  });

  it('reports a console warning, a thrown error and a CSP violation', async () => {
    await page.evaluate(() => {
      console.warn('careful');
      setTimeout(() => {
        throw new Error('thrown in the page');
      }, 0);
      const script = document.createElement('script');
      script.textContent = 'void 0';
      document.body.append(script);
    });
    await settled(4); // the warning, the throw, the CSP violation's console error and its event
    expect(assertNoPageErrors).toThrow(/console\.warning: careful/);
    expect(errors).toEqual([]);
  });

  it('names the directive and what it blocked', async () => {
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.src = 'https://elsewhere.test/x.js';
      document.body.append(script);
    });
    await settled(2);
    expect(takePageErrors(errors, /^CSP violation/)).toEqual([
      'CSP violation: script-src-elem blocked https://elsewhere.test/x.js',
    ]);
    // The console's own line about it is still there: taking one kind leaves the rest to the check.
    expect(errors.join('\n')).toMatch(/Content Security Policy/);
    takePageErrors(errors, /Content Security Policy/);
  });

  it('passes a test that takes what it provoked on purpose', async () => {
    await page.evaluate(() => console.error('expected by this test'));
    await settled(1);
    expect(takePageErrors(errors, /expected by this test/)).toHaveLength(1);
  });
});
