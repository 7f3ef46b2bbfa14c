// The first-run explanation: shown on a fresh data folder with sessions, drafts, tiers and X's developer
// portal (opened by main, by name), gone after "Got it" and on every later start; never shown once seen.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import FirstRun from '../../../renderer/src/components/FirstRun.svelte';
import { FirstRunState } from '../../../renderer/src/state/first-run.svelte.ts';
import { createFakeApp, fakeApi } from '../../fakes/contract-handlers.ts';

const settle = async () => {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await tick();
};

afterEach(cleanup);

/** A window's start: its first-run state asks main once, and the panel shows what main said. */
function start(fake: ReturnType<typeof createFakeApp>): void {
  const firstRun = new FirstRunState(fakeApi(fake));
  void firstRun.load();
  render(FirstRun, { firstRun });
}

describe('FirstRun', () => {
  it('explains sessions, drafts and tiers and links to X’s developer portal on a fresh start', async () => {
    const fake = createFakeApp();
    fake.firstRunSeen = false;
    start(fake);
    await settle();
    const panel = screen.getByRole('region', { name: 'Welcome to Xfer' });
    for (const term of ['Sessions', 'Drafts', 'Tiers']) expect(within(panel).getByText(term).tagName).toBe('DT');
    await fireEvent.click(within(panel).getByRole('button', { name: 'developer.x.com' }));
    await settle();
    expect(fake.openedLinks).toEqual(['developerPortal']);
  });

  it('goes with “Got it”, and stays gone on the next start', async () => {
    const fake = createFakeApp();
    fake.firstRunSeen = false;
    start(fake);
    await settle();
    await fireEvent.click(screen.getByRole('button', { name: 'Got it' }));
    await settle();
    expect(screen.queryByRole('region', { name: 'Welcome to Xfer' })).toBeNull();
    expect(fake.firstRunSeen).toBe(true);
    cleanup();
    start(fake);
    await settle();
    expect(screen.queryByRole('region', { name: 'Welcome to Xfer' })).toBeNull();
  });

  it('shows nothing once it was seen', async () => {
    start(createFakeApp());
    await settle();
    expect(screen.queryByRole('region')).toBeNull();
  });
});
