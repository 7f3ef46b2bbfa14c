// The window's keyboard shortcuts, defined once: the key handler (App.svelte) matches against this table and the
// "?" overlay (ShortcutsHelp.svelte) lists it, so the two can never disagree. Cmd on macOS, Ctrl elsewhere.
import { SCREENS, type Screen } from './screens.ts';

export type ShortcutAction =
  | { kind: 'add-files' }
  | { kind: 'send' }
  | { kind: 'screen'; screen: Screen }
  | { kind: 'select-all' }
  | { kind: 'help' };

export interface Shortcut {
  action: ShortcutAction;
  /** The key as `KeyboardEvent.key` reports it (letters in lower case). */
  key: string;
  /** Held with Cmd (macOS) or Ctrl (elsewhere). */
  mod: boolean;
  /** What it does, as the overlay says it. */
  description: string;
  /** Where it applies, when not everywhere (the overlay says so; the handler checks it). */
  screen?: Screen;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: { kind: 'add-files' }, key: 'o', mod: true, description: 'Add files' },
  {
    action: { kind: 'send' },
    key: 'Enter',
    mod: true,
    description: 'Send the files that pass now',
    screen: 'prepare',
  },
  {
    action: { kind: 'select-all' },
    key: 'a',
    mod: true,
    description: 'Select all sessions in view',
    screen: 'sessions',
  },
  ...SCREENS.map(({ screen, label }, index): Shortcut => ({
    action: { kind: 'screen', screen },
    key: String(index + 1),
    mod: true,
    description: `Go to ${label}`,
  })),
  { action: { kind: 'help' }, key: '?', mod: false, description: 'Show these shortcuts' },
];

/** True on macOS (Cmd is the modifier there), from the browser's own platform string. */
export function isMacPlatform(platform: string): boolean {
  return /mac|iphone|ipad/i.test(platform);
}

export function currentPlatform(): string {
  const agent = navigator as Navigator & { userAgentData?: { platform?: string } };
  return agent.userAgentData?.platform || navigator.platform || '';
}

const KEY_NAMES: Record<string, { mac: string; other: string }> = {
  Enter: { mac: '↩', other: 'Enter' },
};

/** The keys as the overlay shows them: "⌘O" on macOS, "Ctrl+O" elsewhere. */
export function shortcutLabel(shortcut: Shortcut, mac: boolean): string {
  const named = KEY_NAMES[shortcut.key];
  const key = named ? (mac ? named.mac : named.other) : shortcut.key.toUpperCase();
  if (!shortcut.mod) return key;
  return mac ? `⌘${key}` : `Ctrl+${key}`;
}

/** Fields where keys are typing (or native editing, as Ctrl+A in a text box): no shortcut fires there. */
const NOT_TYPING_INPUTS = new Set([
  'checkbox',
  'radio',
  'button',
  'submit',
  'reset',
  'file',
  'range',
  'color',
  'image',
]);

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NOT_TYPING_INPUTS.has(target.type);
}

type KeyFacts = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/** The shortcut `event` presses on `screen`, or null (typing, another screen's shortcut, other modifiers). */
export function matchShortcut(event: KeyFacts & { target: EventTarget | null }, screen: Screen, mac: boolean) {
  if (event.altKey || isTypingTarget(event.target)) return null;
  const mod = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  const bare = !event.ctrlKey && !event.metaKey;
  return (
    SHORTCUTS.find(
      (shortcut) =>
        (shortcut.mod ? mod && !event.shiftKey : bare) &&
        pressed(event, shortcut.key) &&
        (shortcut.screen === undefined || shortcut.screen === screen),
    ) ?? null
  );
}

/** Digits by their physical key too, so Ctrl+1 works on layouts where that key types "&" without Shift. */
function pressed(event: KeyFacts, key: string): boolean {
  if (event.key.toLowerCase() === key.toLowerCase()) return true;
  return /^\d$/.test(key) && event.code === `Digit${key}`;
}
