// The Preferences screen against the fake app (the real preference rules over memory): each change is kept
// as it is made, the bandwidth cap is read with the CLI's rule as it is typed, and the facts are shown.
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import Preferences from '../../../renderer/src/screens/Preferences.svelte';
import { AppState } from '../../../renderer/src/state/app.svelte.ts';
import { createFakeApp, fakeApi } from '../../fakes/contract-handlers.ts';

async function settle() {
  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await tick();
  }
}

async function open() {
  const fake = createFakeApp();
  render(Preferences, { app: new AppState(fakeApi(fake)) });
  await settle();
  return fake;
}

afterEach(cleanup);

describe('Preferences screen', () => {
  it('shows adaptive APPENDs, no cap, the data folder and the ffmpeg in use', async () => {
    await open();
    expect((screen.getByLabelText(/APPENDs in flight per upload/) as HTMLSelectElement).value).toBe('adaptive');
    expect((screen.getByLabelText(/Upload bandwidth limit/) as HTMLInputElement).value).toBe('off');
    expect(screen.getByText('/home/test/.config/xfer')).toBeTruthy();
    expect(screen.getByText(/system ffmpeg 5\.1\.9/)).toBeTruthy();
  });

  it('keeps a fixed number of APPENDs in flight', async () => {
    const fake = await open();
    await fireEvent.change(screen.getByLabelText(/APPENDs in flight per upload/), { target: { value: 'fixed' } });
    await settle();
    await fireEvent.change(screen.getByLabelText('APPENDs in flight (fixed)'), { target: { value: '9' } });
    await settle();
    expect(fake.preferences.get('appendsInFlight')).toBe(9);
    expect(screen.getByRole('status').textContent).toBe('Saved');
  });

  it('reads the cap as it is typed, refuses a bad one in words, and keeps a good one on Enter', async () => {
    const fake = await open();
    const field = screen.getByLabelText(/Upload bandwidth limit/);
    await fireEvent.input(field, { target: { value: '10Q' } });
    await tick();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/"10Q" is not a bandwidth limit/)).toBeTruthy();
    await fireEvent.keyDown(field, { key: 'Enter' });
    await settle();
    expect(fake.preferences.get('bandwidthLimit')).toBeNull();

    await fireEvent.input(field, { target: { value: '10M' } });
    await tick();
    expect(screen.getByText('10 MB/s')).toBeTruthy();
    await fireEvent.keyDown(field, { key: 'Enter' });
    await settle();
    expect(fake.preferences.get('bandwidthLimit')).toBe(10 * 1024 * 1024);
  });

  it('turns the switches off and on', async () => {
    const fake = await open();
    await fireEvent.click(screen.getByLabelText(/Notifications/));
    await fireEvent.click(screen.getByLabelText(/Work offline/));
    await fireEvent.click(screen.getByLabelText(/Keep running in the tray/));
    await settle();
    expect(fake.preferences.all()).toMatchObject({ notifications: false, workOffline: true, closeToTray: true });
  });
});
