import { describe, expect, it } from 'vitest';
import { SHORTCUTS } from '@/agent/shortcuts';
import { KEYS, phoneKeyAction } from '@/telephony/softphone-keys';
import type { PhoneState } from '@/telephony/softphone.store';

const alt = (code: string, more: Partial<KeyboardEvent> = {}) => ({ code, altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, ...more });

describe("the softphone's keys", () => {
  it.each<[string, ReturnType<typeof alt>, PhoneState, string | null]>([
    ['Alt+P answers a ringing call', alt('KeyP'), 'ringing', 'answer'],
    ['Alt+P does nothing while talking', alt('KeyP'), 'in-call', null],
    ['Alt+H rejects a ringing call', alt('KeyH'), 'ringing', 'hang-up'],
    ['Alt+H hangs up a call on hold', alt('KeyH'), 'on-hold', 'hang-up'],
    ['Alt+H cancels a call this phone is placing', alt('KeyH'), 'calling', 'hang-up'],
    ['Alt+P does not answer a call this phone is placing', alt('KeyP'), 'calling', null],
    ['Alt+H does nothing with no call', alt('KeyH'), 'ready', null],
    ['Alt+M mutes a call', alt('KeyM'), 'in-call', 'mute'],
    ['Alt+M does nothing while ringing', alt('KeyM'), 'ringing', null],
    ['Alt+K holds a call', alt('KeyK'), 'in-call', 'hold'],
    ['Alt+K resumes a held call', alt('KeyK'), 'on-hold', 'hold'],
    ['Ctrl+Alt+P is left to the page', alt('KeyP', { ctrlKey: true }), 'ringing', null],
    ['P without Alt is typing', alt('KeyP', { altKey: false }), 'ringing', null],
  ])('%s', (_what, press, state, action) => {
    expect(phoneKeyAction(press, state)).toBe(action);
  });

  it("takes no key of the console's own shortcuts, nor the browser's Alt+D, E, F", () => {
    const taken = new Set([...SHORTCUTS.map((s) => s.keys), 'Alt+D', 'Alt+E', 'Alt+F']);
    for (const keys of Object.values(KEYS)) expect(taken.has(keys), keys).toBe(false);
  });
});
