import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Channel } from '@shared/schemas/common';
import type { CustomerSummary } from '@shared/schemas/customer';
import type { Disposition, Interaction, InteractionPatch, InteractionState, ScreenPop } from '@shared/schemas/interaction';
import { errorMessage } from '@/api/http';
import { useAnnouncerStore } from '@/agent/announcer.store';
import { alertIfHidden } from '@/agent/desktop-alerts';
import type { FocusItem } from '@/agent/focus-rule';
import { keysOf } from '@/agent/shortcuts';
import { useWorkspaceStore } from '@/agent/workspace.store';
import { useChatStore } from '@/chat/chat.store';
import { useCustomersStore } from '@/customers/customers.store';
import { formatNumber } from '@/format';
import { isRightToLeft, translate } from '@/i18n';
import { interactionsApi } from './interactions.api';
import { playPopCue } from './pop-cue';

/** Notes are saved this long after the agent stops typing. */
export const NOTES_DEBOUNCE_MS = 800;
const NOTES_RETRY_MS = 5000;

export type NotesStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

/** One call or chat on the agent's screen, with what the agent is recording about it. */
export interface LiveInteraction {
  id: string;
  callId: string;
  channel: Channel;
  from: string;
  queue?: string;
  state: InteractionState;
  customerId: string | null;
  candidates: CustomerSummary[];
  /** When the pop first arrived: drives the call timer and the flash. */
  poppedAt: number;
  /** A pop arrived while the agent was busy elsewhere; its tab blinks until opened. */
  attention: boolean;
  /** The server's latest copy, once it has sent one. */
  record: Interaction | null;
  notes: string;
  savedNotes: string;
  notesStatus: NotesStatus;
  notesSavedAt: number | null;
  disposition: Disposition | null;
  wrapUp: 'open' | 'saving' | 'done';
  error: string | null;
}

export const useInteractionsStore = defineStore('interactions', () => {
  const items = ref<Record<string, LiveInteraction>>({});
  const order = ref<string[]>([]);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const workspace = useWorkspaceStore();
  const customers = useCustomersStore();
  const chat = useChatStore();
  const announcer = useAnnouncerStore();

  const list = computed(() => order.value.map((id) => items.value[id]).filter((i): i is LiveInteraction => !!i));
  const active = computed(() => {
    const sel = workspace.selection;
    return sel?.kind === 'interaction' ? (items.value[sel.id] ?? null) : null;
  });

  const focusItems = (): FocusItem[] =>
    list.value.map((i) => ({ id: i.id, channel: i.channel, state: i.state, wrappedUp: i.wrapUp === 'done' }));

  /** Who the interaction is with, as the agent would say it: the customer's name, else the number or visitor. */
  function whoOf(item: LiveInteraction): string {
    const picture = item.customerId ? customers.pictures[item.customerId] : undefined;
    if (picture) return picture.profile.displayName;
    // A number keeps its left-to-right order inside a right-to-left sentence ("+40 721…" not "…721 40+").
    const from = item.channel === 'voice' && isRightToLeft() ? `\u2066${item.from}\u2069` : item.from;
    const n = item.candidates.length;
    return n ? translate('interactions.who.candidates', { from, n: formatNumber(n) }, n) : translate('interactions.who.unknown', { from });
  }

  /**
   * Shows a screen pop. The server re-sends live pops after a reconnect, so a pop for an interaction
   * already here only refreshes it (keeping the agent's notes) and does not beep again.
   * Returns whether the pop was new.
   */
  function receivePop(pop: ScreenPop): boolean {
    if (pop.customer) customers.put(pop.customer);
    // A known caller whose picture the server could not build: shown as unavailable, with a retry.
    else if (pop.customerId && pop.pictureError) customers.loadErrors[pop.customerId] = pop.pictureError;
    chat.merge(pop.interactionId, pop.transcript);
    const existing = items.value[pop.interactionId];
    if (existing) {
      changeState(existing, pop.state);
      existing.queue = pop.queue;
      existing.candidates = pop.candidates;
      if (pop.customer ?? pop.customerId) existing.customerId = pop.customer?.profile.id ?? pop.customerId ?? null;
      if (pop.interaction) applyUpdate(pop.interaction);
      return false;
    }
    items.value[pop.interactionId] = {
      id: pop.interactionId,
      callId: pop.callId,
      channel: pop.channel,
      from: pop.from,
      queue: pop.queue,
      state: pop.state,
      customerId: pop.customer?.profile.id ?? pop.customerId ?? null,
      candidates: pop.candidates,
      poppedAt: Date.now(),
      attention: false,
      record: null,
      notes: '',
      savedNotes: '',
      notesStatus: 'idle',
      notesSavedAt: null,
      disposition: null,
      wrapUp: 'open',
      error: null,
    };
    order.value.push(pop.interactionId);
    // After a reload: the saved notes, disposition and the call's times come back with the pop.
    if (pop.interaction) applyUpdate(pop.interaction);
    // Which interaction the screen shows is the focus rule's (agent/focus-rule.ts): a live one takes it
    // unless the agent is busy with another, then it waits behind a prompt, announced.
    const item = items.value[pop.interactionId]!;
    // Answered before: the server re-sends what the agent was working on after a reload or a reconnect.
    const resent = !!pop.interaction?.answeredAt;
    const move = workspace.arrived(focusItems(), pop.interactionId, resent);
    const isChat = pop.channel === 'chat';
    if (move.kind === 'show') announcer.announce(translate(isChat ? 'interactions.announce.chatFrom' : 'interactions.announce.callFrom', { who: whoOf(item) }));
    else if (move.kind === 'prompt') {
      item.attention = true;
      announcer.announce(translate(isChat ? 'interactions.announce.newChat' : 'interactions.announce.newCall', { who: whoOf(item), keys: keysOf('take') }));
    }
    // A live one left behind another blinks its tab; only news beeps and alerts.
    if (move.kind === 'stay' && pop.state !== 'ended') item.attention = true;
    if (resent || pop.state === 'ended') return true;
    const title = translate(isChat ? 'interactions.alert.newChat' : 'interactions.alert.newCall', { who: whoOf(item) });
    const body = pop.queue ? translate('interactions.alert.queue', { queue: pop.queue }) : translate('interactions.alert.openConsole');
    alertIfHidden(title, body, pop.interactionId, () =>
      select(pop.interactionId, { focus: true }),
    );
    playPopCue();
    return true;
  }

  /** Sets an interaction's state; when it ends, a live one waiting behind it comes forward (never hidden by it). */
  function changeState(item: LiveInteraction, state: InteractionState): void {
    const ending = item.state !== 'ended' && state === 'ended';
    item.state = state;
    if (!ending) return;
    const move = workspace.ended(focusItems(), item.id);
    const waiting = move.kind === 'stay' ? null : items.value[move.id];
    if (!waiting) return;
    const isChat = waiting.channel === 'chat';
    const who = whoOf(waiting);
    if (move.kind === 'prompt') {
      waiting.attention = true;
      announcer.announce(translate(isChat ? 'interactions.announce.chatWaiting' : 'interactions.announce.callWaiting', { who, keys: keysOf('take') }));
    } else {
      waiting.attention = false;
      announcer.announce(translate(isChat ? 'interactions.announce.showingChat' : 'interactions.announce.showingCall', { who }));
    }
  }

  /** Takes the server's copy of an interaction (from a PATCH answer or `interaction:updated`). */
  function applyUpdate(interaction: Interaction): void {
    const item = items.value[interaction.id];
    if (!item) return;
    // Live with no agent: it was transferred (from this screen or another of this agent's) and is no longer ours.
    if (interaction.agentId === null && interaction.state !== 'ended') {
      announcer.announce(translate('interactions.transfer.left', { who: whoOf(item) }));
      leave(item.id);
      return;
    }
    if (item.record && item.record.version > interaction.version) return;
    item.record = interaction;
    changeState(item, interaction.state);
    if (interaction.customerId && interaction.customerId !== item.customerId) {
      item.customerId = interaction.customerId;
      void customers.load(interaction.customerId);
    }
    // After a reload the pop carries no notes; take the saved ones unless the agent has typed since.
    if (!item.notes && interaction.notes) item.notes = item.savedNotes = interaction.notes;
    if (interaction.wrappedUpAt && item.wrapUp !== 'saving') {
      item.wrapUp = 'done';
      item.disposition = interaction.disposition ?? item.disposition;
    }
    chat.merge(interaction.id, interaction.transcript);
  }

  /** Records something on the interaction; throws ApiError on failure. */
  async function patch(id: string, body: InteractionPatch, options: { keepalive?: boolean } = {}): Promise<Interaction> {
    const interaction = await interactionsApi.patch(id, body, options);
    applyUpdate(interaction);
    return interaction;
  }

  /** Shows interaction `id`; with `focus` its view also takes the keyboard focus (a shortcut, an alert's click). */
  function select(id: string, opts: { focus?: boolean } = {}): void {
    const item = items.value[id];
    if (!item) return;
    item.attention = false;
    workspace.showInteraction(id, opts);
  }

  /** Takes the interaction the prompt offers, else the oldest one flagged for attention. */
  function takeWaiting(): boolean {
    const id = workspace.prompt ?? list.value.find((i) => i.attention)?.id;
    if (!id || !items.value[id]) return false;
    select(id, { focus: true });
    return true;
  }

  /** The agent typed: keep the notes locally and save them once typing pauses. */
  function setNotes(id: string, notes: string): void {
    const item = items.value[id];
    if (!item) return;
    item.notes = notes;
    item.notesStatus = notes === item.savedNotes ? 'saved' : 'pending';
    schedule(id, NOTES_DEBOUNCE_MS);
  }

  function schedule(id: string, delay: number): void {
    clearTimeout(timers.get(id));
    timers.set(
      id,
      setTimeout(() => void flushNotes(id), delay),
    );
  }

  /** Saves unsaved notes now; with `keepalive` the request survives the page closing. */
  async function flushNotes(id: string, options: { keepalive?: boolean } = {}): Promise<void> {
    clearTimeout(timers.get(id));
    timers.delete(id);
    const item = items.value[id];
    if (!item || item.notes === item.savedNotes || item.wrapUp !== 'open') return;
    const notes = item.notes;
    item.notesStatus = 'saving';
    try {
      await patch(id, { notes }, options);
      item.savedNotes = notes;
      item.notesSavedAt = Date.now();
      item.notesStatus = item.notes === notes ? 'saved' : 'pending';
      item.error = null;
    } catch (err) {
      item.notesStatus = 'error';
      item.error = errorMessage(err);
      schedule(id, NOTES_RETRY_MS);
    }
  }

  /** Saves every interaction's unsaved notes, e.g. when the page is being closed. */
  async function flushAllNotes(options: { keepalive?: boolean } = {}): Promise<void> {
    await Promise.all(order.value.map((id) => flushNotes(id, options)));
  }

  /** Records the disposition (with the latest notes), which ends the agent's wrap-up of the interaction. */
  async function wrapUp(id: string, disposition: Disposition): Promise<boolean> {
    const item = items.value[id];
    if (!item) return false;
    clearTimeout(timers.get(id));
    timers.delete(id);
    const notes = item.notes;
    item.wrapUp = 'saving';
    item.error = null;
    try {
      await patch(id, notes !== item.savedNotes ? { notes, disposition } : { disposition });
      item.savedNotes = notes;
      item.notesStatus = 'saved';
      item.notesSavedAt = Date.now();
      item.disposition = disposition;
      item.wrapUp = 'done';
      return true;
    } catch (err) {
      item.wrapUp = 'open';
      item.error = errorMessage(err);
      return false;
    }
  }

  /** The agent picked one of several matching customers as the caller. */
  async function chooseCandidate(id: string, customerId: string): Promise<boolean> {
    const item = items.value[id];
    if (!item) return false;
    item.error = null;
    try {
      const [picture] = await Promise.all([customers.load(customerId), patch(id, { customerId })]);
      if (!picture) throw new Error(customers.loadErrors[customerId] ?? translate('interactions.customerNotLoaded'));
      item.customerId = customerId;
      return true;
    } catch (err) {
      item.error = errorMessage(err);
      return false;
    }
  }

  /** A quick-created customer was attached to the interaction by the server. */
  function attachCustomer(id: string, customerId: string): void {
    const item = items.value[id];
    if (item) item.customerId = customerId;
  }

  /** Closes a finished interaction's tab and moves to the next one. */
  function dismiss(id: string): void {
    void flushNotes(id);
    const next = workspace.closed(focusItems(), id);
    if (next) items.value[next]!.attention = false;
    delete items.value[id];
    order.value = order.value.filter((x) => x !== id);
    chat.forget(id);
  }

  /**
   * An interaction that is no longer this agent's (transferred) leaves the screen at once: its notes
   * were saved before the transfer, and the server no longer takes this agent's writes to it.
   */
  function leave(id: string): void {
    if (!items.value[id]) return;
    clearTimeout(timers.get(id));
    timers.delete(id);
    const next = workspace.closed(focusItems(), id);
    if (next) items.value[next]!.attention = false;
    delete items.value[id];
    order.value = order.value.filter((x) => x !== id);
    chat.forget(id);
  }

  function reset(): void {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    items.value = {};
    order.value = [];
  }

  return {
    items,
    order,
    list,
    active,
    receivePop,
    applyUpdate,
    patch,
    select,
    takeWaiting,
    whoOf,
    setNotes,
    flushNotes,
    flushAllNotes,
    wrapUp,
    chooseCandidate,
    attachCustomer,
    dismiss,
    leave,
    reset,
  };
});
