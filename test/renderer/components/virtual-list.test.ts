import { cleanup, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import Sessions from '../../../renderer/src/screens/Sessions.svelte';
import { AppState } from '../../../renderer/src/state/app.svelte.ts';
import { createFakeApp, fakeApi, fakeSession } from '../../fakes/contract-handlers.ts';

afterEach(cleanup);

// jsdom has no layout and no ResizeObserver (bind:clientWidth uses one): a silent one keeps the defaults.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

describe('Sessions screen', () => {
  it('renders only a window of rows from 10,000 sessions, in the order added', async () => {
    const fake = createFakeApp();
    fake.sessions = Array.from({ length: 10_000 }, (_, index) =>
      fakeSession({ id: `s${index}`, createdAt: index, fileName: `file-${index}.mp4` }),
    );
    const app = new AppState(fakeApi(fake));
    await app.sessions.load();
    render(Sessions, { app });
    const list = screen.getByRole('list', { name: 'Sessions' });
    const rows = list.querySelectorAll('[role="listitem"]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0]?.getAttribute('aria-setsize')).toBe('10000');
    expect(rows[0]?.textContent).toContain('file-0.mp4');
  });

  it('shows X’s error message verbatim on a failed session', async () => {
    const fake = createFakeApp();
    const message = 'InvalidMedia: Video duration exceeds the maximum (140 s)';
    fake.sessions = [fakeSession({ state: 'failed', error: { kind: 'processing_failed', message, retryable: false } })];
    const app = new AppState(fakeApi(fake));
    await app.sessions.load();
    render(Sessions, { app });
    expect(screen.getByText(message)).toBeTruthy();
    expect(screen.getByRole('button', { name: /Retry clip.mp4/ })).toBeTruthy();
  });
});
