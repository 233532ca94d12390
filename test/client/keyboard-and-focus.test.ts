// @vitest-environment happy-dom
import { enableAutoUnmount, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ConsoleView from '@/agent/ConsoleView.vue';
import { shouldAlert } from '@/agent/desktop-alerts';
import { matchShortcut, SHORTCUTS, type KeyPress } from '@/agent/shortcuts';
import TopBar from '@/agent/TopBar.vue';
import { useWorkspaceStore } from '@/agent/workspace.store';
import { useAuthStore } from '@/auth/auth.store';
import { useInteractionsStore } from '@/interactions/interactions.store';
import { setSocket } from '@/realtime/client';
import { andreiPicture, andreiSummary, ids, interactionWire, ioanaSummary, pop, wire } from './fixtures';
import { fakeSocket, freshPinia, mountWith, settle, stubApi } from './support';
import { Interaction } from '@shared/schemas/interaction';
import { PHONE_KEY_ROWS } from '@/telephony/softphone-keys';
import { useSoftphoneStore } from '@/telephony/softphone.store';

enableAutoUnmount(afterEach);

function loggedIn(role = 'agent') {
  sessionStorage.setItem('agent-console.session', JSON.stringify({ token: `tok-${role}`, user: { id: 'u1', username: role, role, displayName: 'Elena Marin' } }));
  const pinia = freshPinia();
  useAuthStore();
  return pinia;
}

/** A key press as the browser delivers it to the window. */
function press(init: KeyboardEventInit, target: EventTarget = window) {
  target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
}
const alt = (letter: string) => ({ key: letter.toLowerCase(), code: `Key${letter}`, altKey: true });
const liveRegion = (w: VueWrapper) => w.get('[data-testid="live-region"]').text();
const ended = (id: string) => Interaction.parse(interactionWire({ id, state: 'ended', endedAt: '2025-05-03T09:05:00.000Z', version: 9 }));

beforeEach(() => {
  sessionStorage.clear();
  vi.unstubAllGlobals();
  setSocket(null);
  document.body.innerHTML = '';
});
afterEach(() => vi.useRealTimers());

describe('shortcut table', () => {
  const textarea = document.createElement('textarea');
  const button = document.createElement('button');
  const cases: Array<[string, Partial<KeyPress>, 'inbound' | 'dialer', string | null]> = [
    ['Alt+A goes available', { ...alt('A'), target: button }, 'inbound', 'available'],
    ['Alt+N reaches the notes even from inside a text field', { ...alt('N'), target: textarea }, 'inbound', 'notes'],
    ['Alt+letter by its physical key (macOS types a symbol with Option)', { key: 'ñ', code: 'KeyN', altKey: true, target: button }, 'inbound', 'notes'],
    ['/ opens search outside a text field', { key: '/', code: 'Slash', target: button }, 'inbound', 'search'],
    ['/ is typed into a text field', { key: '/', code: 'Slash', target: textarea }, 'inbound', null],
    ['? is typed into a text field', { key: '?', code: 'Slash', shiftKey: true, target: textarea }, 'inbound', null],
    ['? shows the help elsewhere', { key: '?', code: 'Slash', shiftKey: true, target: button }, 'dialer', 'help'],
    ['Ctrl+Alt+A (AltGr on some layouts) is left alone', { ...alt('A'), ctrlKey: true, target: button }, 'inbound', null],
    ['a plain letter is left alone', { key: 'a', code: 'KeyA', target: button }, 'inbound', null],
    ['Alt+X is next contact on the dialer', { ...alt('X'), target: button }, 'dialer', 'next-contact'],
    ['Alt+X means nothing to an inbound agent', { ...alt('X'), target: button }, 'inbound', null],
    ['Alt+A means nothing on the dialer (no routed calls there)', { ...alt('A'), target: button }, 'dialer', null],
  ];
  it.each(cases)('%s', (_name, partial, kind, action) => {
    const keyPress = { key: '', code: '', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, target: null, ...partial } as KeyPress;
    expect(matchShortcut(keyPress, kind)?.action ?? null).toBe(action);
  });

  it('gives every action one key, and no two shortcuts the same key', () => {
    expect(new Set(SHORTCUTS.map((s) => s.action)).size).toBe(SHORTCUTS.length);
    expect(new Set(SHORTCUTS.map((s) => s.keys)).size).toBe(SHORTCUTS.length);
  });

  it("keeps the phone's keys apart from the console's", () => {
    const keys = [...SHORTCUTS.map((s) => s.keys), ...PHONE_KEY_ROWS.map((p) => p.keys)];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each([
    [true, 'granted', true],
    [false, 'granted', false],
    [true, 'default', false],
    [true, 'denied', false],
    [true, 'unsupported', false],
  ] as const)('a desktop alert when hidden=%s and permission=%s: %s', (hidden, permission, expected) => {
    expect(shouldAlert(hidden, permission)).toBe(expected);
  });
});

describe('the agent console by keyboard', () => {
  it('announces a pop in the live region and moves the focus to it', async () => {
    const pinia = loggedIn();
    stubApi({});
    const wrapper = mountWith(ConsoleView, pinia, { attachTo: document.body });
    useInteractionsStore().receivePop(pop());
    await settle();

    expect(liveRegion(wrapper)).toBe('Call from Ioana Popescu.');
    expect(document.activeElement?.getAttribute('data-testid')).toBe('interaction-view');
    expect(wrapper.get('[data-testid="interaction-view"]').attributes('aria-label')).toBe('Call with Ioana Popescu');
  });

  it('puts a new live call in front of an ended call still waiting for its wrap-up (the reported case)', async () => {
    const pinia = loggedIn();
    stubApi({});
    const wrapper = mountWith(ConsoleView, pinia, { attachTo: document.body });
    const interactions = useInteractionsStore();
    interactions.receivePop(pop());
    interactions.applyUpdate(ended(ids.call));
    interactions.receivePop(pop({ interactionId: ids.chat, callId: 'cti-2', from: '+40 264 555 220', state: 'ringing', customer: wire(andreiPicture) }));
    await settle();

    expect(wrapper.get('[data-testid="pop-customer-name"]').text()).toBe('Andrei Popescu');
    expect(liveRegion(wrapper)).toBe('Call from Andrei Popescu.');
    expect(wrapper.find('[data-testid="take-prompt"]').exists()).toBe(false);
  });

  it('brings forward a chat that waited behind a call once the call ends', async () => {
    const pinia = loggedIn();
    stubApi({});
    const wrapper = mountWith(ConsoleView, pinia, { attachTo: document.body });
    const interactions = useInteractionsStore();
    interactions.receivePop(pop());
    interactions.receivePop(pop({ interactionId: ids.chat, channel: 'chat', from: 'visitor-4411', customer: wire(andreiPicture) }));
    await settle();
    expect(wrapper.get('[data-testid="pop-customer-name"]').text()).toBe('Ioana Popescu');

    interactions.applyUpdate(ended(ids.call));
    await settle();
    expect(wrapper.get('[data-testid="pop-customer-name"]').text()).toBe('Andrei Popescu');
    expect(liveRegion(wrapper)).toBe('Showing the chat with Andrei Popescu.');
    expect(interactions.items[ids.chat]!.attention).toBe(false);
  });

  it('keeps the screen while the agent types notes: the new chat waits behind an announced prompt, taken with Alt+C', async () => {
    const pinia = loggedIn();
    stubApi({ 'PATCH /api/interactions/:id': () => interactionWire({ state: 'ended', version: 5 }) });
    const wrapper = mountWith(ConsoleView, pinia, { attachTo: document.body });
    const interactions = useInteractionsStore();
    interactions.receivePop(pop({ state: 'ended' }));
    await settle();

    const notes = wrapper.get('[data-testid="notes-input"]');
    (notes.element as HTMLTextAreaElement).focus();
    await notes.setValue('Boiler repaired, customer happy');
    interactions.receivePop(pop({ interactionId: ids.chat, channel: 'chat', from: 'visitor-4411', customer: wire(andreiPicture) }));
    await settle();

    expect(wrapper.get('[data-testid="pop-customer-name"]').text()).toBe('Ioana Popescu');
    expect(document.activeElement).toBe(notes.element);
    expect(wrapper.get('[data-testid="take-prompt"]').text()).toContain('New chat from Andrei Popescu is waiting.');
    expect(liveRegion(wrapper)).toBe('New chat from Andrei Popescu. Press Alt+C to take it.');

    press(alt('C'), notes.element);
    await settle();
    expect(wrapper.get('[data-testid="pop-customer-name"]').text()).toBe('Andrei Popescu');
    expect(wrapper.find('[data-testid="take-prompt"]').exists()).toBe(false);
    expect(document.activeElement?.getAttribute('data-testid')).toBe('interaction-view');
  });

  it('reaches the notes, the disposition and search by their keys, and lists every shortcut on ?', async () => {
    const pinia = loggedIn();
    stubApi({});
    const wrapper = mountWith(ConsoleView, pinia, { attachTo: document.body });
    useInteractionsStore().receivePop(pop());
    await settle();

    press(alt('N'));
    expect(document.activeElement?.getAttribute('data-testid')).toBe('notes-input');
    press(alt('W'), document.activeElement!);
    expect(document.activeElement?.getAttribute('data-testid')).toBe('disposition-select');
    (document.activeElement as HTMLElement).blur();
    press({ key: '/', code: 'Slash' });
    expect(document.activeElement?.getAttribute('data-testid')).toBe('search-input');
    (document.activeElement as HTMLElement).blur();

    press({ key: '?', code: 'Slash', shiftKey: true });
    await settle(1);
    const rows = wrapper.findAll('[data-testid^="shortcut-row-"]').map((r) => r.text());
    expect(rows).toEqual(SHORTCUTS.filter((s) => s.scope !== 'dialer').map((s) => expect.stringContaining(s.label)));
    expect((wrapper.get('[data-testid="shortcut-help"]').element as HTMLDialogElement).open).toBe(true);
    // No phone in this console: none of its keys are listed; with one, they are, in the user's words.
    expect(wrapper.findAll('[data-testid^="shortcut-row-phone-"]')).toHaveLength(0);
    useSoftphoneStore().enabled = true;
    await settle(1);
    expect(wrapper.findAll('[data-testid^="shortcut-row-phone-"]').map((r) => r.text())).toEqual([
      'Alt+PAnswer the ringing call',
      'Alt+HHang up, or reject the ringing call',
      'Alt+MMute or unmute the microphone',
      'Alt+KPut the caller on hold, or take them back',
    ]);
  });

  it('asks the server for available and not ready by Alt+A and Alt+R', async () => {
    const pinia = loggedIn();
    stubApi({});
    const { socket, emitted } = fakeSocket((req) => ({ data: { state: req.state, since: new Date().toISOString() } }));
    setSocket(socket);
    mountWith(ConsoleView, pinia, { attachTo: document.body });

    press(alt('A'));
    await settle();
    press(alt('R'));
    await settle();
    expect(emitted.filter((e) => e.event === 'agent:state').map((e) => e.payload)).toEqual([{ state: 'available' }, { state: 'not-ready', reason: 'break' }]);
  });

  it('says so when Alt+C finds nothing waiting', async () => {
    const pinia = loggedIn();
    stubApi({});
    const wrapper = mountWith(ConsoleView, pinia, { attachTo: document.body });
    press(alt('C'));
    await settle();
    expect(liveRegion(wrapper)).toBe('No call or chat is waiting.');
  });
});

describe('customer search by keyboard', () => {
  it('moves through the results with the arrow keys and opens the chosen one with Enter', async () => {
    vi.useFakeTimers();
    loggedIn();
    stubApi({ 'GET /api/customers': () => ({ items: [wire(ioanaSummary), wire(andreiSummary)], total: 2 }) });
    const wrapper = mountWith(TopBar, freshPinia(), { attachTo: document.body });
    const input = wrapper.get('[data-testid="search-input"]');
    await input.setValue('Popescu');
    await vi.advanceTimersByTimeAsync(300);

    expect(input.attributes('aria-expanded')).toBe('true');
    await input.trigger('keydown', { key: 'ArrowDown' });
    await input.trigger('keydown', { key: 'ArrowDown' });
    const chosen = wrapper.get('[role="option"][aria-selected="true"]');
    expect(chosen.text()).toContain('Andrei Popescu');
    expect(input.attributes('aria-activedescendant')).toBe(chosen.attributes('id'));
    await input.trigger('keydown', { key: 'ArrowDown' });
    expect(wrapper.get('[role="option"][aria-selected="true"]').text()).toContain('Ioana Popescu');
    await input.trigger('keydown', { key: 'ArrowUp' });

    await input.trigger('keydown', { key: 'Enter' });
    expect(useWorkspaceStore().selection).toEqual({ kind: 'customer', id: ids.andrei });
    expect(wrapper.find('[data-testid="search-results"]').exists()).toBe(false);
  });
});
