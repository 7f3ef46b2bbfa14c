// The Sessions screen's truthful states and safe actions, in Chromium through web mode against the
// embedded sandbox and its injected faults: a 429 shown as a wait (and in the request history with X's
// words), a retry counted down, pause → Paused, forget → undo, and a bulk retry of three failed sessions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNoisePng } from '../fixtures/media.ts';
import { prepareOnSessions, sessionRow } from './sessions-listed.ts';
import { openWorld, type E2eWorld } from './setup.ts';

let world: E2eWorld;
let names: string[];
const row = (name: string) => sessionRow(world, name);

beforeAll(async () => {
  // The engine's own retry policy (6 attempts, jittered backoff): long enough to see the countdown and pause.
  world = await openWorld();
  const paths = await Promise.all(
    [64, 72, 80].map((side) => makeNoisePng(world.mediaDir, { width: side, height: side })),
  );
  names = await prepareOnSessions(world, paths);
}, 120_000);
afterAll(() => world?.close());

describe('sessions flows', () => {
  it('says a failed request is retried with a countdown; Pause makes it Paused, not Ready', async () => {
    await world.control('faults', { faults: { rate: 1, seed: 7, kinds: ['503'] } });
    const first = row(names[0]!);
    await first.getByRole('button', { name: /^Send / }).click();
    await first.getByText(/^Retrying \(attempt \d+\) in \d+ s$/).waitFor({ timeout: 20_000 });
    await first.getByRole('button', { name: /^Pause / }).click();
    await expect
      .poll(() => first.locator('[data-badge]').getAttribute('data-badge'), { timeout: 20_000 })
      .toBe('Paused');
  });

  it('fails the others, then retries all three at once from the selection', async () => {
    const page = world.page;
    for (const name of names.slice(1))
      await row(name)
        .getByRole('button', { name: /^Send / })
        .click();
    for (const name of names.slice(1))
      await expect.poll(() => row(name).getAttribute('data-state'), { timeout: 60_000 }).toBe('failed');
    // The paused one, cancelled (asked first), is retryable too.
    await row(names[0]!)
      .getByRole('button', { name: /^Cancel / })
      .click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel upload' }).click();
    await expect.poll(() => row(names[0]!).getAttribute('data-state')).toBe('cancelled');

    await world.control('faults', { faults: null });
    const bulk = page.getByRole('toolbar', { name: 'Selected sessions' });
    await bulk.getByRole('checkbox').check();
    await bulk.getByRole('button', { name: 'Retry 3' }).click();
    for (const name of names)
      await expect.poll(() => row(name).getAttribute('data-state'), { timeout: 60_000 }).toBe('succeeded');
  });

  it('forgets with an undo that brings the row back', async () => {
    const page = world.page;
    const target = row(names[1]!);
    await target.getByRole('button', { name: /^Forget / }).click();
    await expect.poll(() => target.getAttribute('data-forgotten')).toBe('true');
    await page.locator('[data-undo-toast]').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => target.getAttribute('data-state')).toBe('succeeded');
  });

  it("shows an account held by X's 429 as waiting until its reset, and the 429 in the request history", async () => {
    const page = world.page;
    await world.control('faults', { faults: { rate: 1, seed: 3, kinds: ['429'], resetSeconds: 300 } });
    const target = row(names[2]!);
    await target.getByRole('button', { name: /^Forget / }).click();
    await page.locator('[data-undo-toast]').getByRole('button', { name: 'Undo' }).click();
    // Sent again from the start: retry a succeeded one is not offered, so prepare it anew.
    await world.control('pick', { paths: [`${world.mediaDir}/${names[2]}`] });
    await page.getByRole('tab', { name: 'Prepare' }).click();
    await page.getByRole('button', { name: 'Add files…' }).click();
    await page.getByRole('button', { name: /^Prepare \d+$/ }).click();
    await page.getByRole('tab', { name: /Sessions/ }).click();
    const fresh = page.locator('[data-session-id][data-state="ready"]').filter({ hasText: names[2]! });
    await fresh.getByRole('button', { name: /^Send / }).click();
    await page
      .locator('[data-session-id]')
      .filter({ hasText: names[2]! })
      .getByText(/^Waiting for X's rate limit — resumes \d{1,2}:\d{2}/)
      .first()
      .waitFor({ timeout: 20_000 });
    await page
      .locator('[data-session-id]')
      .filter({ hasText: names[2]! })
      .filter({ hasText: /Waiting for X's rate limit/ })
      .getByRole('button', { name: /^Details / })
      .click();
    const history = page.getByRole('complementary').locator('[data-history]');
    await history.locator('[data-outcome="rate_limited"]').first().waitFor({ timeout: 20_000 });
    expect(await history.locator('[data-outcome="rate_limited"]').first().textContent()).toContain('HTTP 429');
  });
});
