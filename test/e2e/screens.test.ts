// Every screen as a user meets it, with realistic content (files listed on Prepare, sessions in several
// states, a second account, posts): screenshots in light and dark at 1280×800 and 760×800 written to
// test-output/screens/ (git-ignored), an axe-core run with no serious or critical violation, and no
// horizontal scroll at either width.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { XferApi } from '../../main/ipc/contract.ts';
import { Ledger } from '../../main/core/ledger/index.ts';
import { msToLocalInput } from '../../renderer/src/lib/local-time.ts';
import { makeJpeg, makeNoisePng, makePng, makeVideo } from '../fixtures/media.ts';
import { openWorld, type E2eWorld } from './setup.ts';

const SCREENS_DIR = join(import.meta.dirname, '../../test-output/screens');
const WIDTHS = [
  { name: '1280', width: 1280, height: 800 },
  { name: '760', width: 760, height: 800 },
] as const;
const THEMES = ['light', 'dark'] as const;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}
declare const axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
declare const document: unknown;
declare const xfer: XferApi;

let world: E2eWorld;
let axeSource: string;
const baseName = (path: string) => path.split('/').at(-1)!;
const row = (name: string) => world.page.locator('[data-session-id]').filter({ hasText: name });

/** Adds files through the page's own "Add files…" and waits until each card is checked. */
async function addFiles(paths: string[]): Promise<void> {
  const { page } = world;
  await page.getByRole('tab', { name: 'Prepare' }).click();
  await world.control('pick', { paths });
  await page.getByRole('button', { name: 'Add files…' }).click();
  for (const path of paths) {
    await page
      .locator(`article[data-file-name="${baseName(path)}"]`)
      .locator('[data-field="total_bytes"]')
      .waitFor();
  }
}

/** A failed session as the engine leaves one after X refuses the media, for a file already sent. */
function seedFailed(file: string): void {
  const ledger = Ledger.open(join(world.dataDir, 'ledger.sqlite'));
  try {
    const account = ledger.listAccounts()[0]; // the built-in sandbox account
    if (!account) throw new Error('the sandbox account was not registered');
    ledger.insertSession({
      id: 'screens-failed',
      state: 'failed',
      file,
      fingerprint: { size: 120_000, mtimeMs: 1, edgeHash: 'screens' }, // a send would find the file changed
      accountId: account.id,
      api: 'v2',
      totalBytes: 120_000,
      mediaType: 'image/png',
      mediaCategory: 'tweet_image',
      additionalOwners: [],
      altText: null,
      validation: null,
      chunkSize: 1_048_576,
      segmentsTotal: 1,
      createdAt: Date.now(),
      error: {
        kind: 'processing_failed',
        message: 'InvalidMedia: Your media could not be processed (X said: unsupported PNG interlace).',
        retryable: false,
      },
    });
  } finally {
    ledger.close();
  }
}

interface Shot {
  violations: string[];
  overflow: string[];
}

/** Every element wider than its box at this width, by tag and class (the page must not scroll sideways). */
function sidewaysScroll(page: Page): Promise<string[]> {
  return page.evaluate(`[document.documentElement, document.body, ...document.querySelectorAll('main, #screen, #screen > *')]
    .filter((element) => element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX !== 'hidden')
    .map((element) => element.tagName.toLowerCase() + (element.className ? '.' + String(element.className).split(' ')[0] : '')
      + ' ' + element.scrollWidth + ' > ' + element.clientWidth)`);
}

/** The serious and critical axe violations on the page as it is, one line per element. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (an injected <script> it would).
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(axeSource);
  const { violations } = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map(
        (node) => `${violation.id} (${violation.impact}): ${node.target.join(' ')} — ${violation.help}`,
      ),
    );
}

/** The page's scrolled boxes that hold more than they show (page-side expression). */
const SCROLLER = `[...document.querySelectorAll('main, aside[data-detail-for]')].filter((element) => element.scrollHeight > element.clientHeight + 1)`;

/** Screenshots the page at both widths in both themes, with axe and the sideways-scroll check for each. */
async function shoot(name: string): Promise<Shot> {
  const { page } = world;
  const shot: Shot = { violations: [], overflow: [] };
  for (const size of WIDTHS) {
    await page.setViewportSize({ width: size.width, height: size.height });
    for (const colorScheme of THEMES) {
      await page.emulateMedia({ colorScheme });
      await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
      await page.screenshot({ path: join(SCREENS_DIR, `${name}-${size.name}-${colorScheme}.png`) });
      // What is below the fold too (the window scrolls <main> or a session's detail, not the page), then back.
      if (await page.evaluate(`${SCROLLER}.length > 0`)) {
        await page.evaluate(`${SCROLLER}.forEach((element) => element.scrollTo(0, 1e6))`);
        await page.screenshot({ path: join(SCREENS_DIR, `${name}-${size.name}-${colorScheme}-end.png`) });
        await page.evaluate(`${SCROLLER}.forEach((element) => element.scrollTo(0, 0))`);
      }
      for (const line of await axeViolations(page)) shot.violations.push(`${size.name} ${colorScheme}: ${line}`);
    }
    for (const line of await sidewaysScroll(page)) shot.overflow.push(`${size.name}: ${line}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  return shot;
}

/**
 * The window as a returning user meets it, so that each test can run alone (`-t`) and shoots what it shoots in the
 * full run: the first-run welcome put away (the first test shoots it, then puts it away; main says whether it is
 * still to be shown), then `tab` opened where the test starts on a screen.
 */
async function everyday(tab?: string | RegExp): Promise<Page> {
  const { page } = world;
  const firstRun = await page.evaluate(() => xfer.app.firstRun());
  if (firstRun.ok && firstRun.value.show) {
    await page.getByRole('button', { name: 'Got it' }).click();
    await page.getByRole('region', { name: 'Welcome to Xfer' }).waitFor({ state: 'detached' });
  }
  if (tab !== undefined) await page.getByRole('tab', { name: tab }).click();
  return page;
}

async function expectClean(name: string): Promise<void> {
  const shot = await shoot(name);
  expect(shot.violations, `axe on ${name}`).toEqual([]);
  expect(shot.overflow, `sideways scroll on ${name}`).toEqual([]);
}

beforeAll(async () => {
  world = await openWorld({ viewport: { width: 1280, height: 800 } });
  axeSource = await readFile(join(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');
  await mkdir(SCREENS_DIR, { recursive: true });
  const { mediaDir } = world;
  const sent = [
    await makeNoisePng(mediaDir, { width: 640, height: 480 }),
    await makeVideo(mediaDir, { seconds: 2, width: 320, height: 240, fps: 30, codec: 'h264' }),
  ];
  const kept = await makeJpeg(mediaDir, { width: 800, height: 600 });
  const cancelled = await makePng(mediaDir, { width: 300, height: 300 });
  const failed = await makeNoisePng(mediaDir, { width: 500, height: 500 });
  const refused = await makeVideo(mediaDir, { seconds: 2, width: 1920, height: 1080, fps: 30, codec: 'h264' });
  const listed = [
    await makeNoisePng(mediaDir, { width: 1200, height: 675 }),
    await makeVideo(mediaDir, { seconds: 3, width: 640, height: 360, fps: 30, codec: 'h264' }),
    await makePng(mediaDir, { width: 64, height: 64 }),
  ];
  const { page } = world;

  // A second account, added from the Accounts screen in one step.
  await page.getByRole('tab', { name: 'Accounts' }).click();
  await page.getByRole('button', { name: 'Add sandbox user' }).click();
  await page.locator('[data-account-name]').nth(1).waitFor();

  // Five sessions: two sent, one cancelled, one left ready, one refused (a draft); and one X refused.
  await addFiles([...sent, kept, cancelled, refused]);
  await page.getByRole('button', { name: /^Prepare \d+$/ }).click();
  await page.getByText(/Prepared 5 sessions/).waitFor();
  await page.getByRole('tab', { name: /Sessions/ }).click();
  for (const path of sent) {
    await row(baseName(path))
      .getByRole('button', { name: /^Send / })
      .click();
  }
  await row(baseName(cancelled))
    .getByRole('button', { name: /^Cancel / })
    .click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel upload' }).click();
  for (const path of sent) {
    await row(baseName(path)).and(page.locator('[data-state="succeeded"]')).waitFor({ timeout: 60_000 });
  }
  await row(baseName(refused)).and(page.locator('[data-state="draft"]')).waitFor();
  seedFailed(failed);

  // Posts: one out now, one scheduled for tomorrow.
  await page.getByRole('tab', { name: 'Posts' }).click();
  await page
    .getByRole('textbox', { name: 'Text' })
    .fill('Our new build is out: faster uploads that resume after a dropped connection.');
  await page.getByRole('button', { name: 'Post now' }).click();
  await page.locator('li[data-post-id][data-state="posted"]').waitFor({ timeout: 20_000 });
  await page.getByRole('textbox', { name: 'Text' }).fill('Tomorrow: a short video of the team behind it.');
  await page.getByRole('radio', { name: 'At a time' }).check();
  await page.getByRole('textbox', { name: 'Date and time' }).fill(msToLocalInput(Date.now() + 26 * 3600 * 1000));
  await page.getByRole('button', { name: 'Schedule' }).click();
  await page.locator('li[data-post-id][data-state="scheduled"]').waitFor();

  // Three more files waiting on Prepare, after a reload that shows the seeded failure.
  await page.reload();
  await addFiles(listed);
}, 240_000);
afterAll(() => world?.close());

describe('every screen, light and dark, 1280 and 760 px wide', () => {
  it('first run: the welcome panel after Prepare’s files', async () => {
    const welcome = world.page.getByRole('region', { name: 'Welcome to Xfer' });
    await welcome.waitFor();
    try {
      await expectClean('first-run');
    } finally {
      await world.page.getByRole('button', { name: 'Got it' }).click(); // the other screens as everyday
      await welcome.waitFor({ state: 'detached' });
    }
  });

  it('Prepare, with files checked and waiting', async () => {
    const page = await everyday('Prepare');
    await expectClean('prepare');
    // At 760 px a card stacks its two pickers: their selects start at one x (they were 7 px apart).
    await page.setViewportSize({ width: 760, height: 800 });
    const boxes = await page.evaluate(`[...document.querySelector('.choices').querySelectorAll('select')]
      .map((select) => [Math.round(select.getBoundingClientRect().left), Math.round(select.getBoundingClientRect().top)])`);
    await page.setViewportSize({ width: 1280, height: 800 });
    const [category, account] = boxes as [[number, number], [number, number]];
    expect(account[1], 'the pickers are stacked at 760 px').toBeGreaterThan(category[1]);
    expect(account[0]).toBe(category[0]);
  });

  it('Sessions, in several states', async () => {
    const page = await everyday(/Sessions/);
    await page.locator('[data-session-id="screens-failed"]').waitFor();
    await expectClean('sessions');
  });

  it('a session’s detail (a draft, with its findings and the plan to fit it)', async () => {
    const page = await everyday(/Sessions/);
    const draft = page.locator('[data-session-id][data-state="draft"]');
    await draft
      .getByRole('button', { name: /^(Details of|Fix) / })
      .first()
      .click();
    await page.locator('aside[data-detail-for]').waitFor();
    await expectClean('session-detail');
  });

  it('a failed session’s detail (X’s words in full)', async () => {
    const page = await everyday(/Sessions/);
    await page
      .locator('[data-session-id="screens-failed"]')
      .getByRole('button', { name: /^Details of / })
      .click();
    await page.locator('aside[data-detail-for="screens-failed"]').waitFor();
    await expectClean('session-detail-failed');
    await page.locator('aside[data-detail-for]').getByRole('button', { name: 'Close' }).click();
  });

  it('Posts, one out and one scheduled', async () => {
    await everyday('Posts');
    await expectClean('posts');
  });

  it('Accounts, two of them', async () => {
    await everyday('Accounts');
    await expectClean('accounts');
  });

  it('the add-account form', async () => {
    const page = await everyday('Accounts');
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('heading', { name: 'Add an account' }).waitFor();
    await expectClean('accounts-add');
    await page.keyboard.press('Escape');
  });

  it('Preferences', async () => {
    const page = await everyday('Preferences');
    await page.getByRole('group', { name: 'Sending' }).waitFor(); // loaded, not "Loading…"
    await expectClean('preferences');
  });

  it('the keyboard shortcuts ("?")', async () => {
    const page = await everyday();
    await page.getByRole('tab', { name: 'Sessions' }).focus(); // not in a field: "?" is a shortcut there
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await expectClean('shortcuts');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});
