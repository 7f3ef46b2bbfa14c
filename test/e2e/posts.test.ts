// Posts as a user does them in the browser, against the real handlers and the embedded sandbox: compose with a
// photo and alt text, watch the live counter and the cost estimate, schedule it a few seconds ahead, watch it
// post, open the posted state; a thread; and the 760 px layout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msToLocalInput } from '../../renderer/src/lib/local-time.ts';
import { makePng } from '../fixtures/media.ts';
import { screenshotBothThemes } from './browser.ts';
import { unnamedControls } from './keyboard.ts';
import { openWorld, type E2eWorld } from './setup.ts';

let world: E2eWorld;
let photo: string;
beforeAll(async () => {
  world = await openWorld();
  photo = await makePng(world.mediaDir, { width: 64, height: 48 });
});
afterAll(() => world?.close());

const row = (text: string) => world.page.locator('li[data-post-id]', { hasText: text });

describe('posts', () => {
  it('composes with a photo and alt text, schedules it, watches it post and opens the posted state', async () => {
    const { page } = world;
    await page.getByRole('tab', { name: 'Posts' }).click();
    const text = page.getByRole('textbox', { name: 'Text' });
    await text.fill('Hello from the Posts screen 日本');
    await expect.poll(() => page.locator('[data-counter]').first().textContent()).toMatch(/^\s*32 \/ 280\s*$/);
    await expect
      .poll(() => page.locator('[data-cost]').textContent())
      .toMatch(/Estimated cost: \$0\.015.*prices of 2026-08/s);
    await text.fill('Hello from the Posts screen https://example.com');
    await expect.poll(() => page.locator('[data-url-warning]').count()).toBe(1);
    await expect.poll(() => page.locator('[data-cost]').textContent()).toMatch(/\$0\.200/);
    await text.fill('Hello from the Posts screen');

    await world.control('pick', { paths: [photo] });
    await page.getByRole('button', { name: 'Attach files…' }).click();
    const name = photo.split('/').at(-1)!;
    await page.getByRole('textbox', { name: `Alt text for ${name}` }).fill('A small red rectangle');
    await expect.poll(() => page.locator('[data-cost]').textContent()).toMatch(/\$0\.020/);

    await page.getByRole('radio', { name: 'At a time' }).check();
    // Two minutes from now, in the page's own zone (the picker has minute precision).
    // Chromium runs in this machine's zone, as this process does.
    const at = msToLocalInput(Date.now() + 2 * 60 * 1000);
    await page.getByRole('textbox', { name: 'Date and time' }).fill(at);
    expect(await unnamedControls(page)).toEqual([]);
    await screenshotBothThemes(page, 'posts-compose');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await expect.poll(() => row('Hello from the Posts screen').getAttribute('data-state')).toBe('scheduled');
    await screenshotBothThemes(page, 'posts-scheduled');

    // Rather than wait two minutes: reschedule it to 3 s ahead through the page's own api, then watch it go.
    const id = await row('Hello from the Posts screen').getAttribute('data-post-id');
    await page.evaluate(`window.xfer.posts.reschedule(${JSON.stringify({ id, scheduledAt: Date.now() + 3000 })})`);
    await expect
      .poll(() => row('Hello from the Posts screen').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('posted');
    const posted = row('Hello from the Posts screen');
    await expect.poll(() => posted.locator('.link').textContent()).toMatch(/https:\/\/x\.com\/xfer_demo\/status\/\d+/);
    expect(await posted.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await posted.getByRole('button', { name: 'Open on X' }).click();
    await screenshotBothThemes(page, 'posts-posted');
  });

  it('a thread of two goes out in order; over-long text disables Post and says why', async () => {
    const { page } = world;
    await page.getByRole('radio', { name: 'Now' }).check();
    await page.getByRole('textbox', { name: 'Text' }).fill('x'.repeat(281));
    await expect.poll(() => page.locator('[data-counter]').first().textContent()).toMatch(/281 \/ 280/);
    expect(await page.getByRole('button', { name: 'Post now' }).isDisabled()).toBe(true);
    await expect.poll(() => page.locator('.problems').textContent()).toMatch(/281 of 280 weighted characters/);
    await page.getByRole('textbox', { name: 'Text' }).fill('Thread start');
    await page.getByRole('button', { name: '+ Add a post to the thread' }).click();
    await page.getByRole('textbox', { name: 'Text of post 2' }).fill('Thread end');
    await page.getByRole('button', { name: 'Post now' }).click();
    await expect.poll(() => row('Thread end').getAttribute('data-state'), { timeout: 20_000 }).toBe('posted');
    expect(await row('Thread start').getAttribute('data-state')).toBe('posted');
  });

  it('reads at 760 px', async () => {
    await world.page.setViewportSize({ width: 760, height: 900 });
    await screenshotBothThemes(world.page, 'posts-760');
    const overflow = await world.page.evaluate('document.documentElement.scrollWidth > window.innerWidth');
    expect(overflow).toBe(false);
  });
});
