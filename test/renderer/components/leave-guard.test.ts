// Leaving the window (close, reload) with work only the page holds asks first: the page cancels beforeunload
// while files are listed on Prepare or a post is being written, and lets it go when there is nothing to lose.
import { cleanup, fireEvent, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeInspection } from '../../fakes/contract-handlers.ts';
import { openApp, settle } from './whole-app.ts';

afterEach(cleanup);

/** True when the page asked to stay (cancelled the unload). */
function leaving(): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

describe('leaving the window', () => {
  it('goes without asking when nothing is held only by the page', async () => {
    await openApp();
    expect(leaving()).toBe(false);
  });

  it('asks while files are listed on Prepare, and not once they are cleared', async () => {
    const fake = await openApp();
    fake.queuePick([fake.addFile(fakeInspection()).fileId]);
    await fireEvent.click(screen.getByRole('button', { name: 'Add files…' }));
    await settle();
    expect(leaving()).toBe(true);
    await fireEvent.click(screen.getByRole('button', { name: /^Remove photo\.png/ }));
    await settle();
    expect(leaving()).toBe(false);
  });

  it('asks while a post is being written', async () => {
    await openApp();
    await fireEvent.click(screen.getByRole('tab', { name: /Posts/ }));
    await settle();
    await fireEvent.input(screen.getByRole('textbox', { name: 'Text' }), { target: { value: 'Half a thought' } });
    expect(leaving()).toBe(true);
    await fireEvent.input(screen.getByRole('textbox', { name: 'Text' }), { target: { value: '  ' } });
    expect(leaving()).toBe(false);
  });
});
