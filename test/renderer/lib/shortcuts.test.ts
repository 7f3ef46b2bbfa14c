// The one shortcut table: labels per platform, and which key presses match (Cmd on macOS, Ctrl elsewhere;
// never while typing in a field).
import { describe, expect, it } from 'vitest';
import { isMacPlatform, matchShortcut, SHORTCUTS, shortcutLabel } from '../../../renderer/src/lib/shortcuts.ts';

const press = (key: string, facts: Partial<KeyboardEvent> = {}, target: EventTarget | null = document.body) => ({
  key,
  code: '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  target,
  ...facts,
});

describe('the shortcut table', () => {
  it('names the keys as each platform does', () => {
    const send = SHORTCUTS.find((shortcut) => shortcut.action.kind === 'send')!;
    expect(shortcutLabel(send, false)).toBe('Ctrl+Enter');
    expect(shortcutLabel(send, true)).toBe('⌘↩');
    const add = SHORTCUTS.find((shortcut) => shortcut.action.kind === 'add-files')!;
    expect(shortcutLabel(add, false)).toBe('Ctrl+O');
    expect(shortcutLabel(add, true)).toBe('⌘O');
    expect(isMacPlatform('MacIntel')).toBe(true);
    expect(isMacPlatform('macOS')).toBe(true);
    expect(isMacPlatform('Linux x86_64')).toBe(false);
    expect(isMacPlatform('Win32')).toBe(false);
  });

  it('matches Ctrl elsewhere and Cmd on macOS, not the other', () => {
    expect(matchShortcut(press('2', { ctrlKey: true }), 'prepare', false)?.action).toEqual({
      kind: 'screen',
      screen: 'sessions',
    });
    expect(matchShortcut(press('2', { metaKey: true }), 'prepare', false)).toBeNull();
    expect(matchShortcut(press('2', { metaKey: true }), 'prepare', true)?.action.kind).toBe('screen');
    expect(matchShortcut(press('2', { ctrlKey: true }), 'prepare', true)).toBeNull();
    expect(matchShortcut(press('2', { ctrlKey: true, shiftKey: true }), 'prepare', false)).toBeNull();
    expect(matchShortcut(press('2', { ctrlKey: true, altKey: true }), 'prepare', false)).toBeNull();
  });

  it('finds a digit by its physical key on layouts where it types another character', () => {
    expect(matchShortcut(press('&', { ctrlKey: true, code: 'Digit1' }), 'sessions', false)?.action).toEqual({
      kind: 'screen',
      screen: 'prepare',
    });
  });

  it("keeps a screen's shortcut to its screen, and '?' bare", () => {
    expect(matchShortcut(press('a', { ctrlKey: true }), 'sessions', false)?.action.kind).toBe('select-all');
    expect(matchShortcut(press('a', { ctrlKey: true }), 'prepare', false)).toBeNull();
    expect(matchShortcut(press('Enter', { ctrlKey: true }), 'prepare', false)?.action.kind).toBe('send');
    expect(matchShortcut(press('Enter', { ctrlKey: true }), 'sessions', false)).toBeNull();
    expect(matchShortcut(press('?', { shiftKey: true }), 'posts', false)?.action.kind).toBe('help');
    expect(matchShortcut(press('?', { ctrlKey: true, shiftKey: true }), 'posts', false)).toBeNull();
  });

  it('lets keys typed in a field be typing', () => {
    const text = document.createElement('input');
    const area = document.createElement('textarea');
    const editable = document.createElement('div');
    editable.contentEditable = 'true';
    const box = document.createElement('input');
    box.type = 'checkbox';
    for (const field of [text, area])
      expect(matchShortcut(press('a', { ctrlKey: true }, field), 'sessions', false)).toBeNull();
    expect(matchShortcut(press('?', {}, text), 'sessions', false)).toBeNull();
    // jsdom has no isContentEditable: the element says so itself, as a browser's would.
    Object.defineProperty(editable, 'isContentEditable', { value: true });
    expect(matchShortcut(press('?', {}, editable), 'sessions', false)).toBeNull();
    expect(matchShortcut(press('a', { ctrlKey: true }, box), 'sessions', false)?.action.kind).toBe('select-all');
  });

  it('has one shortcut per key', () => {
    const keys = SHORTCUTS.map((shortcut) => `${shortcut.mod}:${shortcut.key}:${shortcut.screen ?? '*'}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
