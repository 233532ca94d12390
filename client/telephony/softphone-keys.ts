import type { PhoneState } from './softphone.store';

/**
 * The phone's keyboard shortcuts. Alt+A, R, C, N, W and X are the console's (client/agent/shortcuts.ts)
 * and Alt+D, E, F the browser's: the phone takes P (pick up), H (hang up or reject), M (mute), K (keep on hold).
 */
export const KEYS = { answer: 'Alt+P', hangUp: 'Alt+H', mute: 'Alt+M', hold: 'Alt+K' } as const;

export type PhoneKeyAction = 'answer' | 'hang-up' | 'mute' | 'hold';

/** The phone's keys as the `?` overlay lists them, with their message keys (`telephony.keys.<action>`). */
export const PHONE_KEY_ROWS: ReadonlyArray<{ action: PhoneKeyAction; keys: string }> = [
  { action: 'answer', keys: KEYS.answer },
  { action: 'hang-up', keys: KEYS.hangUp },
  { action: 'mute', keys: KEYS.mute },
  { action: 'hold', keys: KEYS.hold },
];

/** What a key press does to the phone in `state`, or null (left to the page). Matched by the physical key. */
export function phoneKeyAction(press: Pick<KeyboardEvent, 'code' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>, state: PhoneState): PhoneKeyAction | null {
  if (!press.altKey || press.ctrlKey || press.metaKey || press.shiftKey) return null;
  const talking = state === 'in-call' || state === 'on-hold';
  if (press.code === 'KeyP' && state === 'ringing') return 'answer';
  if (press.code === 'KeyH' && (state === 'ringing' || state === 'calling' || talking)) return 'hang-up';
  if (press.code === 'KeyM' && talking) return 'mute';
  if (press.code === 'KeyK' && talking) return 'hold';
  return null;
}
