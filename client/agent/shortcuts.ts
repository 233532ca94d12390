import { translate } from '@/i18n';
import { isTextField } from './typing';

/** What a shortcut does; `use-shortcuts.ts` maps each to the console's action. */
export type ShortcutAction = 'available' | 'not-ready' | 'take' | 'notes' | 'disposition' | 'next-contact' | 'call' | 'search' | 'help';

/** Who sees a shortcut: agents taking calls and chats, telemarketers on the dialer, or both. */
export type ShortcutScope = 'inbound' | 'dialer' | 'console';

export interface Shortcut {
  action: ShortcutAction;
  /** With Alt: the physical letter key (`KeyA`), so it works on any keyboard layout and on macOS, where Option+letter types a symbol. */
  code?: string;
  /** Without a modifier: the character typed (`/`, `?`), taken only outside text fields. */
  char?: string;
  /** How the key is written in the help overlay and in announcements. */
  keys: string;
  /** What it does, in the user's language (read afresh each time, so it follows a language change). */
  readonly label: string;
  scope: ShortcutScope;
}

/** A shortcut whose label is its action's message (`agent.shortcuts.actions.<action>`). */
function shortcut(s: Omit<Shortcut, 'label'>): Shortcut {
  return Object.defineProperty({ ...s } as Shortcut, 'label', { enumerable: true, get: () => translate(`agent.shortcuts.actions.${s.action}`) });
}

/**
 * Every keyboard shortcut of the console, read by the key handler and the `?` help overlay alike.
 * Letters go with Alt so they never fight typing; the Alt letters Chromium and Firefox keep for
 * themselves on Windows and Linux (D: address bar, E and F: menus) are left alone.
 */
export const SHORTCUTS: readonly Shortcut[] = [
  shortcut({ action: 'available', code: 'KeyA', keys: 'Alt+A', scope: 'inbound' }),
  shortcut({ action: 'not-ready', code: 'KeyR', keys: 'Alt+R', scope: 'inbound' }),
  shortcut({ action: 'take', code: 'KeyC', keys: 'Alt+C', scope: 'inbound' }),
  shortcut({ action: 'notes', code: 'KeyN', keys: 'Alt+N', scope: 'console' }),
  shortcut({ action: 'disposition', code: 'KeyW', keys: 'Alt+W', scope: 'console' }),
  shortcut({ action: 'next-contact', code: 'KeyX', keys: 'Alt+X', scope: 'dialer' }),
  // L for "line": the phone's own letters (P, H, M, K) are softphone-keys.ts's.
  shortcut({ action: 'call', code: 'KeyL', keys: 'Alt+L', scope: 'dialer' }),
  shortcut({ action: 'search', char: '/', keys: '/', scope: 'console' }),
  shortcut({ action: 'help', char: '?', keys: '?', scope: 'console' }),
];

/** The shortcuts a user of this kind of console has. */
export function shortcutsFor(kind: 'inbound' | 'dialer'): Shortcut[] {
  return SHORTCUTS.filter((s) => s.scope === 'console' || s.scope === kind);
}

/** How the shortcut for `action` is written ("Alt+C"). */
export function keysOf(action: ShortcutAction): string {
  return SHORTCUTS.find((s) => s.action === action)?.keys ?? '';
}

/** The parts of a keyboard event the match reads. */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'> & { target: EventTarget | null };

/** The shortcut a key press means for a console of `kind`, or null (the key is left to the page). */
export function matchShortcut(press: KeyPress, kind: 'inbound' | 'dialer'): Shortcut | null {
  if (press.ctrlKey || press.metaKey) return null;
  const inField = isTextField(press.target as Element | null);
  for (const s of shortcutsFor(kind)) {
    if (s.code && press.altKey && !press.shiftKey && press.code === s.code) return s;
    if (s.char && !press.altKey && !inField && press.key === s.char) return s;
  }
  return null;
}
