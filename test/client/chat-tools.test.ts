// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ChatPane from '@/chat/ChatPane.vue';
import { TYPING_IDLE_MS, useChatStore } from '@/chat/chat.store';
import { useAuthStore } from '@/auth/auth.store';
import { useInteractionsStore } from '@/interactions/interactions.store';
import { setSocket } from '@/realtime/client';
import { registerListeners } from '@/realtime/socket';
import { ids, pop } from './fixtures';
import { fakeSocket, freshPinia, mountWith, settle, stubApi, type ApiCall } from './support';

enableAutoUnmount(afterEach);
beforeEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});
afterEach(() => {
  setSocket(null);
  vi.useRealTimers();
});

const REPLIES = [
  { id: 'r1', title: 'Greeting', shortcut: 'hello', text: 'Hello {customer.firstName}, I am {agent.name}. {order.id}', team: null, updatedAt: '2026-11-01T10:00:00.000Z' },
  { id: 'r2', title: 'Help offer', shortcut: 'help', text: 'How can I help, {customer.name}?', team: null, updatedAt: '2026-11-01T10:00:00.000Z' },
  { id: 'r3', title: 'Closing', shortcut: 'bye', text: 'Goodbye!', team: 'north', updatedAt: '2026-11-01T10:00:00.000Z' },
];

const at = (s: number) => `2025-05-03T09:0${s}:00.000Z`;

/** An agent (Elena Marin) with a chat from Ioana Popescu open, on a fake socket. */
function chatOpen(transcript: unknown[] = [], routes: Parameters<typeof stubApi>[0] = {}) {
  sessionStorage.setItem('agent-console.session', JSON.stringify({ token: 'tok-agent', user: { id: 'u1', username: 'elena', role: 'agent', displayName: 'Elena Marin' } }));
  const api = stubApi({ 'GET /api/canned-replies': () => REPLIES, ...routes });
  const pinia = freshPinia();
  useAuthStore();
  useInteractionsStore().receivePop(pop({ interactionId: ids.chat, channel: 'chat', transcript }));
  const fake = fakeSocket();
  registerListeners(fake.socket);
  setSocket(fake.socket);
  const wrapper = mountWith(ChatPane, pinia, { props: { interactionId: ids.chat }, attachTo: document.body });
  return { api, fake, wrapper };
}

const texts = (w: ReturnType<typeof chatOpen>['wrapper']) => w.findAll('[data-testid="chat-message"]').map((m) => m.find('.msg__bubble').text());

describe('canned replies in the composer', () => {
  it('opens the list on /, filters it as the agent types, and inserts the highlighted reply with its variables filled on Enter', async () => {
    const { wrapper, api } = chatOpen();
    const input = wrapper.get('[data-testid="chat-input"]');
    expect(wrapper.find('[data-testid="canned-list"]').exists()).toBe(false);

    await input.setValue('/');
    await settle();
    expect(api.find('GET', /^\/api\/canned-replies/)).toHaveLength(1);
    expect(wrapper.findAll('[data-testid="canned-option"]').map((o) => o.attributes('data-shortcut'))).toEqual(['bye', 'hello', 'help']);
    expect(input.attributes('aria-controls')).toBe(wrapper.get('[data-testid="canned-list"]').attributes('id'));

    await input.setValue('/hel');
    expect(wrapper.findAll('[data-testid="canned-option"]').map((o) => o.attributes('data-shortcut'))).toEqual(['hello', 'help']);
    await input.trigger('keydown', { key: 'ArrowDown' });
    const options = wrapper.findAll('[data-testid="canned-option"]');
    expect(options[1]!.attributes('aria-selected')).toBe('true');
    expect(input.attributes('aria-activedescendant')).toBe(options[1]!.attributes('id'));
    await input.trigger('keydown', { key: 'ArrowUp' });
    await input.trigger('keydown', { key: 'Enter' });

    // Unknown variables stay as written; nothing was sent.
    expect((input.element as HTMLTextAreaElement).value).toBe('Hello Ioana, I am Elena Marin. {order.id}');
    expect(wrapper.find('[data-testid="canned-list"]').exists()).toBe(false);
    expect(api.find('POST', /messages$/)).toHaveLength(0);
  });

  it('finds replies by title too, closes on Escape, and sends on Enter when nothing matches', async () => {
    const { wrapper, api } = chatOpen([], { 'POST /api/interactions/:id/messages': (c: ApiCall) => ({ from: 'agent', text: (c.body as { text: string }).text, at: at(5), seq: 1 }) });
    const input = wrapper.get('[data-testid="chat-input"]');
    await input.setValue('/clos');
    await settle();
    expect(wrapper.findAll('[data-testid="canned-option"]').map((o) => o.attributes('data-shortcut'))).toEqual(['bye']);
    await input.trigger('keydown', { key: 'Escape' });
    expect(wrapper.find('[data-testid="canned-list"]').exists()).toBe(false);
    // Closed until the draft stops being a shortcut: what the agent types on is their own text.
    await input.setValue('/closing');
    expect(wrapper.find('[data-testid="canned-list"]').exists()).toBe(false);

    await input.setValue('');
    await input.setValue('/nothing-like-this');
    expect(wrapper.find('[data-testid="canned-list"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="canned-status"]').text()).toBe('No canned reply matches.');
    await input.trigger('keydown', { key: 'Enter' });
    await settle();
    expect(api.find('POST', `/api/interactions/${ids.chat}/messages`)[0]!.body).toEqual({ text: '/nothing-like-this' });
  });
});

describe('the chat pane', () => {
  it('shows an internal note labelled as one, apart from the customer’s messages', () => {
    const { wrapper } = chatOpen([
      { from: 'customer', text: 'My order is late', at: at(1), seq: 1 },
      { from: 'note', text: 'VIP: handle with care', agent: 'Dana', at: at(2), seq: 2 },
    ]);
    const [customer, note] = wrapper.findAll('[data-testid="chat-message"]');
    expect(note!.classes()).toContain('msg--note');
    expect(note!.classes()).not.toContain('msg--customer');
    expect(note!.get('[data-testid="chat-note-label"]').text()).toBe('Internal note');
    expect(note!.text()).toContain('Dana');
    expect(customer!.find('[data-testid="chat-note-label"]').exists()).toBe(false);
  });

  it('keeps one copy of a message that arrives again with its seq', async () => {
    const { wrapper, fake } = chatOpen([{ from: 'customer', text: 'Hi', at: at(1), seq: 1 }]);
    fake.serverSends('chat:message', { interactionId: ids.chat, message: { from: 'customer', text: 'Hi', at: at(1), seq: 1 } });
    fake.serverSends('chat:message', { interactionId: ids.chat, message: { from: 'customer', text: 'Hi', at: at(3), seq: 3 } });
    fake.serverSends('chat:message', { interactionId: ids.chat, message: { from: 'agent', text: 'Hello', at: at(2), seq: 2 } });
    await settle();
    expect(texts(wrapper)).toEqual(['Hi', 'Hello', 'Hi']);
  });

  it('shows "Customer is typing…" while the customer types, and not after their message arrives', async () => {
    const { wrapper, fake } = chatOpen();
    expect(wrapper.find('[data-testid="chat-typing"]').exists()).toBe(false);
    fake.serverSends('chat:typing', { interactionId: ids.chat, typing: true });
    await settle();
    expect(wrapper.get('[data-testid="chat-typing"]').text()).toBe('Customer is typing…');
    fake.serverSends('chat:message', { interactionId: ids.chat, message: { from: 'customer', text: 'Here it is', at: at(4), seq: 1 } });
    await settle();
    expect(wrapper.find('[data-testid="chat-typing"]').exists()).toBe(false);
    // Another chat's typing is not this one's.
    fake.serverSends('chat:typing', { interactionId: ids.call, typing: true });
    await settle();
    expect(wrapper.find('[data-testid="chat-typing"]').exists()).toBe(false);
  });

  it("tells the customer the agent is typing, once per burst, and that they stopped when the reply is sent", async () => {
    const { wrapper, fake } = chatOpen([], { 'POST /api/interactions/:id/messages': (c: ApiCall) => ({ from: 'agent', text: (c.body as { text: string }).text, at: at(5), seq: 1 }) });
    const input = wrapper.get('[data-testid="chat-input"]');
    await input.setValue('Let');
    await input.setValue('Let me');
    await input.setValue('Let me check');
    const typing = () => fake.emitted.filter((e) => e.event === 'chat:typing').map((e) => e.payload);
    expect(typing()).toEqual([{ interactionId: ids.chat, typing: true }]);
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(typing()).toEqual([
      { interactionId: ids.chat, typing: true },
      { interactionId: ids.chat, typing: false },
    ]);
  });

  it('stops "typing" after 3 s without a keystroke', () => {
    const { fake } = chatOpen();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const chat = useChatStore();
    chat.typing(ids.chat);
    vi.advanceTimersByTime(TYPING_IDLE_MS - 1);
    const typing = () => fake.emitted.filter((e) => e.event === 'chat:typing').map((e) => e.payload);
    expect(typing()).toEqual([{ interactionId: ids.chat, typing: true }]);
    vi.advanceTimersByTime(1);
    expect(typing()).toEqual([
      { interactionId: ids.chat, typing: true },
      { interactionId: ids.chat, typing: false },
    ]);
  });

  it("marks the customer's messages read as they arrive, and shows Read on the agent's messages the customer has read", async () => {
    const { wrapper, fake } = chatOpen([
      { from: 'customer', text: 'Hi', at: at(1), seq: 1 },
      { from: 'agent', text: 'Hello', agent: 'Elena', at: at(2), seq: 2 },
      { from: 'agent', text: 'How can I help?', agent: 'Elena', at: at(3), seq: 3 },
    ]);
    await settle();
    const reads = () => fake.emitted.filter((e) => e.event === 'chat:read').map((e) => e.payload);
    expect(reads()).toEqual([{ interactionId: ids.chat, upTo: 1 }]);
    fake.serverSends('chat:message', { interactionId: ids.chat, message: { from: 'customer', text: 'My order', at: at(4), seq: 4 } });
    await settle();
    expect(reads()).toEqual([
      { interactionId: ids.chat, upTo: 1 },
      { interactionId: ids.chat, upTo: 4 },
    ]);

    const readMarks = () => wrapper.findAll('[data-testid="chat-message"]').map((m) => m.find('[data-testid="chat-read"]').exists());
    expect(readMarks()).toEqual([false, false, false, false]);
    fake.serverSends('chat:read', { interactionId: ids.chat, upTo: 2 });
    await settle();
    expect(readMarks()).toEqual([false, true, false, false]);
    // A late, older mark takes nothing back.
    fake.serverSends('chat:read', { interactionId: ids.chat, upTo: 1 });
    await settle();
    expect(readMarks()).toEqual([false, true, false, false]);
  });

  it("shows a customer's image as a thumbnail fetched with the agent's token, larger on click, and a PDF as a download link", async () => {
    const { wrapper, api } = chatOpen(
      [
        { from: 'customer', text: '', at: at(1), seq: 1, attachment: { id: '66bb00000000000000000001', name: 'receipt.png', type: 'image/png', size: 48_213 } },
        { from: 'customer', text: 'and the invoice', at: at(2), seq: 2, attachment: { id: '66bb00000000000000000002', name: 'invoice.pdf', type: 'application/pdf', size: 1_250_000 } },
      ],
      { 'GET /api/attachments/:id': () => ({ bytes: 'x' }) },
    );
    await settle();
    expect(api.find('GET', /^\/api\/attachments\//).map((c) => c.headers.Authorization)).toEqual(['Bearer tok-agent', 'Bearer tok-agent']);
    const [image, pdf] = wrapper.findAll('[data-testid="chat-attachment"]');
    expect(image!.get('[data-testid="attachment-thumb"]').attributes('src')).toMatch(/^blob:/);
    expect(image!.text()).toContain('receipt.png · 48.2 kB');
    await image!.get('[data-testid="attachment-open"]').trigger('click');
    expect(wrapper.get('[data-testid="attachment-lightbox"]').attributes('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(wrapper.get('[data-testid="attachment-close"]').element);
    await wrapper.get('[data-testid="attachment-close"]').trigger('click');
    expect(wrapper.find('[data-testid="attachment-lightbox"]').exists()).toBe(false);

    const link = pdf!.get('[data-testid="attachment-download"]');
    expect(link.attributes('download')).toBe('invoice.pdf');
    expect(link.attributes('href')).toMatch(/^blob:/);
    expect(pdf!.text()).toContain('1.3 MB');
  });

  it('uploads an attached file first, then sends the reply carrying it', async () => {
    const { wrapper, api } = chatOpen([], {
      'POST /api/interactions/:id/attachments': () => ({ id: '66bb00000000000000000009', name: 'steps.pdf', type: 'application/pdf', size: 3 }),
      'POST /api/interactions/:id/messages': (c: ApiCall) => ({
        from: 'agent',
        text: (c.body as { text: string }).text,
        at: at(5),
        seq: 1,
        attachment: { id: '66bb00000000000000000009', name: 'steps.pdf', type: 'application/pdf', size: 3 },
      }),
      'GET /api/attachments/:id': () => ({}),
    });
    const picker = wrapper.get('[data-testid="chat-attach-input"]');
    const file = new File(['%PDF'], 'steps.pdf', { type: 'application/pdf' });
    Object.defineProperty(picker.element, 'files', { value: [file], configurable: true });
    await picker.trigger('change');
    expect(wrapper.get('[data-testid="chat-file"]').text()).toContain('steps.pdf');
    await wrapper.get('[data-testid="chat-input"]').setValue('Here are the steps');
    await wrapper.get('form').trigger('submit');
    await settle();

    const [upload, reply] = api.calls.filter((c) => c.method === 'POST');
    expect(upload!.path).toBe(`/api/interactions/${ids.chat}/attachments?name=steps.pdf`);
    expect(reply!.body).toEqual({ text: 'Here are the steps', attachmentId: '66bb00000000000000000009' });
    expect(wrapper.find('[data-testid="chat-file"]').exists()).toBe(false);
    expect(wrapper.findAll('[data-testid="chat-attachment"]')).toHaveLength(1);
  });
});
