// The window's keyboard shortcuts, through the whole App on a fake api: screens by Ctrl+1…N (Cmd on macOS), add
// files, send from Prepare, select all on Sessions, and the "?" overlay listing every shortcut — and none of them
// while the user types in a field or a dialog is open.
import { cleanup, fireEvent, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { SHORTCUTS, shortcutLabel } from '../../../renderer/src/lib/shortcuts.ts';
import { fakeInspection, fakeSession } from '../../fakes/contract-handlers.ts';
import { openApp, settle } from './whole-app.ts';

afterEach(cleanup);

const selectedTab = () => screen.getByRole('tab', { selected: true }).textContent?.trim();
/** A key pressed on what has focus (the page itself when nothing has); false when the app took it (preventDefault). */
const press = (init: KeyboardEventInit, target: Element = document.activeElement ?? document.body) =>
  fireEvent.keyDown(target, init);

describe('keyboard shortcuts', () => {
  it('switches screens with Ctrl+1…5 in the order of the tabs', async () => {
    await openApp();
    expect(selectedTab()).toBe('Prepare');
    expect(await press({ key: '2', code: 'Digit2', ctrlKey: true })).toBe(false);
    expect(selectedTab()).toBe('Sessions');
    await press({ key: '4', code: 'Digit4', ctrlKey: true });
    expect(selectedTab()).toBe('Accounts');
    await press({ key: '5', code: 'Digit5', ctrlKey: true });
    expect(selectedTab()).toBe('Preferences');
    await press({ key: '1', code: 'Digit1', ctrlKey: true });
    expect(selectedTab()).toBe('Prepare');
    // Cmd is macOS's: elsewhere it does nothing.
    expect(await press({ key: '2', code: 'Digit2', metaKey: true })).toBe(true);
    expect(selectedTab()).toBe('Prepare');
  });

  it('uses Cmd on macOS, and leaves Ctrl alone there', async () => {
    await openApp('MacIntel');
    await press({ key: '3', code: 'Digit3', ctrlKey: true });
    expect(selectedTab()).toBe('Prepare');
    await press({ key: '3', code: 'Digit3', metaKey: true });
    expect(selectedTab()).toBe('Posts');
  });

  it('adds files with Ctrl+O from any screen, showing them on Prepare', async () => {
    const fake = await openApp('Linux x86_64', (fake) =>
      fake.queuePick([fake.addFile(fakeInspection({ name: 'a.png' })).fileId]),
    );
    await press({ key: '2', ctrlKey: true });
    expect(await press({ key: 'o', ctrlKey: true })).toBe(false);
    await settle();
    expect(selectedTab()).toBe('Prepare');
    expect(fake.calls.filter((call) => call.channel === 'files:pick')).toHaveLength(1);
    expect(screen.getByRole('article', { name: 'a.png' })).toBeTruthy();
  });

  it('sends the passing files with Ctrl+Enter on Prepare, as "Send N now" does', async () => {
    const fake = await openApp('Linux x86_64', (fake) =>
      fake.queuePick([
        fake.addFile(fakeInspection({ name: 'a.png' })).fileId,
        fake.addFile(fakeInspection({ name: 'b.png' })).fileId,
      ]),
    );
    // Nothing listed yet: nothing to send, nothing asked of main.
    await press({ key: 'Enter', ctrlKey: true });
    await settle();
    expect(fake.calls.filter((call) => call.channel === 'sessions:prepare')).toHaveLength(0);

    await fireEvent.click(screen.getByRole('button', { name: 'Add files…' }));
    await settle();
    expect(screen.getByRole('button', { name: 'Send 2 now' })).toBeTruthy();
    await press({ key: 'Enter', ctrlKey: true });
    await settle();
    const sent = fake.calls.find((call) => call.channel === 'sessions:send');
    expect((sent?.request as { ids: string[] }).ids).toHaveLength(2);
    expect(selectedTab()).toBe('Sessions');
  });

  it('selects every session in view with Ctrl+A on Sessions, without touching a text box’s own Ctrl+A', async () => {
    await openApp('Linux x86_64', (fake) => {
      fake.sessions = [1, 2, 3].map((n) => fakeSession({ id: `s${n}`, createdAt: n, fileName: `f${n}.png` }));
    });
    // Elsewhere Ctrl+A is the page's own select-all.
    expect(await press({ key: 'a', ctrlKey: true })).toBe(true);
    await press({ key: '2', ctrlKey: true });
    await settle();
    const bulk = screen.getByRole('toolbar', { name: 'Selected sessions' });
    expect(within(bulk).getByText('Select all')).toBeTruthy();
    expect(await press({ key: 'a', ctrlKey: true })).toBe(false);
    expect(within(bulk).getByText('3 selected')).toBeTruthy();
    expect((within(bulk).getByRole('checkbox') as HTMLInputElement).checked).toBe(true);
    // Pressed again it keeps them all (the checkbox toggles; the shortcut selects).
    await press({ key: 'a', ctrlKey: true });
    expect(within(bulk).getByText('3 selected')).toBeTruthy();

    await press({ key: '3', ctrlKey: true });
    const text = screen.getAllByRole('textbox')[0]!;
    text.focus();
    expect(await press({ key: 'a', ctrlKey: true }, text)).toBe(true);
  });

  it('does nothing while the user types in a field', async () => {
    await openApp();
    await press({ key: '3', ctrlKey: true });
    const text = screen.getAllByRole('textbox')[0]!;
    text.focus();
    expect(await press({ key: '1', code: 'Digit1', ctrlKey: true }, text)).toBe(true);
    expect(await press({ key: '?', shiftKey: true }, text)).toBe(true);
    expect(selectedTab()).toBe('Posts');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('"?" lists every shortcut with this platform\'s keys; Esc closes it and focus goes back', async () => {
    await openApp();
    const tab = screen.getByRole('tab', { name: 'Prepare' });
    tab.focus();
    expect(await press({ key: '?', shiftKey: true })).toBe(false);
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(within(dialog).getByRole('heading', { name: 'Keyboard shortcuts' })).toBeTruthy();
    const rows = within(dialog).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.querySelector('kbd')?.textContent)).toEqual(
      SHORTCUTS.map((shortcut) => shortcutLabel(shortcut, false)),
    );
    expect(rows.map((row) => row.textContent)).toContainEqual(expect.stringContaining('Go to Sessions'));
    expect(dialog.textContent).toContain('Ctrl+O');
    expect(dialog.textContent).not.toContain('⌘');

    // Focus moves in (Tab staying inside is the Chromium test's: jsdom does not move focus on Tab); other
    // shortcuts wait while it is open.
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Close' }));
    await press({ key: '2', ctrlKey: true });
    expect(selectedTab()).toBe('Prepare');

    await press({ key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(tab);
  });

  it('shows ⌘ keys in the overlay on macOS', async () => {
    await openApp('MacIntel');
    await press({ key: '?', shiftKey: true });
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog.textContent).toContain('⌘O');
    expect(dialog.textContent).toContain('⌘1');
    expect(dialog.textContent).not.toContain('Ctrl');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
