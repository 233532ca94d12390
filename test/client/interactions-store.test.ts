// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Interaction } from '@shared/schemas/interaction';
import { useWorkspaceStore } from '@/agent/workspace.store';
import { useChatStore } from '@/chat/chat.store';
import { NOTES_DEBOUNCE_MS, useInteractionsStore } from '@/interactions/interactions.store';
import { ids, interactionWire, pop } from './fixtures';
import { freshPinia, settle, stubApi } from './support';

const interactionFrom = (overrides: Record<string, unknown>) => Interaction.parse(interactionWire(overrides));

describe('useInteractionsStore', () => {
  beforeEach(() => {
    freshPinia();
    vi.unstubAllGlobals();
  });
  afterEach(() => {
    // A test's pending notes save must not fire into the next test's stubbed API (it did, now and then).
    useInteractionsStore().reset();
    vi.useRealTimers();
  });

  it('the pop store keeps one entry per interaction when a pop is re-sent after reconnect', () => {
    const interactions = useInteractionsStore();
    expect(interactions.receivePop(pop())).toBe(true);
    interactions.setNotes(ids.call, 'Customer asks about the repair');

    // The server re-sends every live pop after a reconnect.
    expect(interactions.receivePop(pop({ state: 'active' }))).toBe(false);
    expect(interactions.receivePop(pop({ interactionId: ids.chat, channel: 'chat' }))).toBe(true);
    expect(interactions.receivePop(pop({ interactionId: ids.chat, channel: 'chat' }))).toBe(false);

    expect(interactions.order).toEqual([ids.call, ids.chat]);
    expect(interactions.items[ids.call]!.notes).toBe('Customer asks about the repair');
  });

  it('after a reload, the re-sent pop brings back the saved notes and the call time, and typing adds to them', async () => {
    vi.useFakeTimers();
    const api = stubApi({ 'PATCH /api/interactions/:id': (c) => interactionWire({ notes: (c.body as { notes: string }).notes, version: 4 }) });
    const interactions = useInteractionsStore();
    const answeredAt = '2026-12-02T09:00:00.000Z';
    // A fresh page: the store is empty, the server re-sends the live call with what it has saved.
    interactions.receivePop(pop({ interaction: interactionWire({ notes: 'Boiler leaks since Monday', answeredAt, version: 3 }) }));
    const item = interactions.items[ids.call]!;
    expect(item.notes).toBe('Boiler leaks since Monday');
    expect(item.notesStatus).not.toBe('pending');
    expect(item.record?.answeredAt?.toISOString()).toBe(answeredAt);

    interactions.setNotes(ids.call, 'Boiler leaks since Monday; engineer booked');
    await vi.advanceTimersByTimeAsync(NOTES_DEBOUNCE_MS + 10);
    expect(api.calls.map((c) => c.body)).toEqual([{ notes: 'Boiler leaks since Monday; engineer booked' }]);
  });

  it('keeps chat transcripts free of duplicates when the same message arrives twice', () => {
    const interactions = useInteractionsStore();
    const message = { from: 'customer', text: 'Hello, my order is late', at: '2025-05-03T09:01:00.000Z' };
    interactions.receivePop(pop({ interactionId: ids.chat, channel: 'chat', transcript: [message] }));
    interactions.receivePop(pop({ interactionId: ids.chat, channel: 'chat', transcript: [message] }));
    useChatStore().receive(ids.chat, { from: 'customer', text: 'Hello, my order is late', at: new Date(message.at) });

    expect(useChatStore().transcripts[ids.chat]).toHaveLength(1);
  });

  it('saves notes once the agent pauses typing, and only the latest text', async () => {
    vi.useFakeTimers();
    const api = stubApi({ 'PATCH /api/interactions/:id': (c) => interactionWire({ notes: (c.body as { notes: string }).notes }) });
    const interactions = useInteractionsStore();
    interactions.receivePop(pop());

    interactions.setNotes(ids.call, 'Leak');
    interactions.setNotes(ids.call, 'Leaking again after repair');
    expect(interactions.items[ids.call]!.notesStatus).toBe('pending');
    await vi.advanceTimersByTimeAsync(NOTES_DEBOUNCE_MS + 10);

    expect(api.calls.map((c) => c.body)).toEqual([{ notes: 'Leaking again after repair' }]);
    expect(interactions.items[ids.call]!.notesStatus).toBe('saved');
  });

  it('retries notes that failed to save', async () => {
    vi.useFakeTimers();
    let fail = true;
    const api = stubApi({
      'PATCH /api/interactions/:id': () => (fail ? { status: 503, body: { error: { code: 'UNAVAILABLE', message: 'database is busy' } } } : interactionWire()),
    });
    const interactions = useInteractionsStore();
    interactions.receivePop(pop());
    interactions.setNotes(ids.call, 'Wants a callback tomorrow');
    await vi.advanceTimersByTimeAsync(NOTES_DEBOUNCE_MS + 10);
    expect(interactions.items[ids.call]!.notesStatus).toBe('error');
    expect(interactions.items[ids.call]!.error).toBe('database is busy');

    fail = false;
    await vi.advanceTimersByTimeAsync(5000);
    expect(api.calls).toHaveLength(2);
    expect(interactions.items[ids.call]!.notesStatus).toBe('saved');
  });

  it('ignores an update older than the copy it already has', () => {
    const interactions = useInteractionsStore();
    interactions.receivePop(pop());
    interactions.applyUpdate(interactionFrom({ version: 5, state: 'ended' }));
    interactions.applyUpdate(interactionFrom({ version: 4, state: 'active' }));
    expect(interactions.items[ids.call]!.state).toBe('ended');
  });

  it('closing a wrapped-up interaction moves to the next live one', async () => {
    stubApi({ 'PATCH /api/interactions/:id': () => interactionWire({ disposition: 'resolved', wrappedUpAt: '2025-05-03T09:10:00.000Z' }) });
    const interactions = useInteractionsStore();
    const workspace = useWorkspaceStore();
    interactions.receivePop(pop({ interactionId: ids.chat, channel: 'chat' }));
    interactions.receivePop(pop());
    interactions.select(ids.call);
    await interactions.wrapUp(ids.call, 'resolved');
    await settle();

    interactions.dismiss(ids.call);
    expect(interactions.order).toEqual([ids.chat]);
    expect(workspace.selection).toEqual({ kind: 'interaction', id: ids.chat });
  });

  it('after a reload, the re-sent pops are not news: the call fills the screen, the chat waits on a flagged tab, no prompt', () => {
    const interactions = useInteractionsStore();
    const workspace = useWorkspaceStore();
    // Both were answered before the reload; the server sends them again on reconnecting.
    interactions.receivePop(pop({ interaction: interactionWire({ state: 'active' }) }));
    interactions.receivePop(pop({ interactionId: ids.chat, channel: 'chat', interaction: interactionWire({ id: ids.chat, channel: 'chat', state: 'active' }) }));

    expect(workspace.selection).toEqual({ kind: 'interaction', id: ids.call });
    expect(workspace.prompt).toBeNull();
    expect(interactions.items[ids.chat]!.attention).toBe(true);
  });

  it('closing a wrapped-up call shows the live chat rather than an ended one waiting for its wrap-up', async () => {
    stubApi({ 'PATCH /api/interactions/:id': () => interactionWire({ state: 'ended', disposition: 'resolved', wrappedUpAt: '2025-05-03T09:10:00.000Z', version: 8 }) });
    const interactions = useInteractionsStore();
    const workspace = useWorkspaceStore();
    interactions.receivePop(pop({ interactionId: ids.chat, channel: 'chat' }));
    interactions.receivePop(pop({ interactionId: ids.unknownCall, state: 'ended' }));
    interactions.receivePop(pop());
    interactions.select(ids.call);
    await interactions.wrapUp(ids.call, 'resolved');
    await settle();

    interactions.dismiss(ids.call);
    expect(workspace.selection).toEqual({ kind: 'interaction', id: ids.chat });
  });
});
