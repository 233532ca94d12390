import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useCustomersStore } from '@/customers/customers.store';
import { nextAfterClose, onArrival, onEnded, type FocusItem, type FocusMove, type FocusScene } from './focus-rule';
import { isTyping } from './typing';

/** What the main area shows: one live interaction, or a customer opened from search without a call. */
export type Selection = { kind: 'interaction'; id: string } | { kind: 'customer'; id: string };

export const useWorkspaceStore = defineStore('workspace', () => {
  const selection = ref<Selection | null>(null);
  /** The customer opened from search; it keeps its own tab until closed. */
  const browsedCustomerId = ref<string | null>(null);
  /** An interaction the agent is invited to take (it arrived while they were busy with another). */
  const prompt = ref<string | null>(null);
  /** The interaction or customer whose view takes the keyboard focus when it next appears (the view clears it). */
  const focusRequest = ref<string | null>(null);
  const customers = useCustomersStore();

  function showInteraction(id: string, opts: { focus?: boolean } = {}): void {
    selection.value = { kind: 'interaction', id };
    if (prompt.value === id) prompt.value = null;
    if (opts.focus) focusRequest.value = id;
  }

  /** Opens a customer's picture without a call (from search or a related customer). */
  function showCustomer(id: string, opts: { focus?: boolean } = {}): void {
    browsedCustomerId.value = id;
    if (opts.focus) focusRequest.value = id;
    selection.value = { kind: 'customer', id };
    void customers.load(id);
  }

  function closeCustomer(): void {
    browsedCustomerId.value = null;
    if (selection.value?.kind === 'customer') selection.value = null;
  }

  function clearIf(kind: Selection['kind'], id: string): void {
    if (selection.value?.kind === kind && selection.value.id === id) selection.value = null;
    if (kind === 'interaction' && prompt.value === id) prompt.value = null;
  }

  function scene(items: readonly FocusItem[]): FocusScene {
    const sel = selection.value;
    return { items, shown: sel?.kind === 'interaction' ? { kind: 'interaction', id: sel.id } : sel ? { kind: 'customer' } : null, typing: isTyping() };
  }

  function apply(move: FocusMove): FocusMove {
    if (move.kind === 'show') showInteraction(move.id, { focus: move.moveFocus });
    else if (move.kind === 'prompt') prompt.value = move.id;
    return move;
  }

  /**
   * A pop brought interaction `id` (now in `items`): the focus rule decides whether it takes the screen.
   * `resent`: the agent already had it (a pop re-sent after a reload or a reconnect).
   */
  function arrived(items: readonly FocusItem[], id: string, resent = false): FocusMove {
    return apply(onArrival(scene(items), id, resent));
  }

  /** Interaction `id` ended: a live one waiting behind it may come forward. */
  function ended(items: readonly FocusItem[], id: string): FocusMove {
    return apply(onEnded(scene(items), id));
  }

  /** Interaction `id` was closed (`items` still holds it): the next tab by the focus rule, if none is shown. */
  function closed(items: readonly FocusItem[], id: string): string | null {
    clearIf('interaction', id);
    if (selection.value) return null;
    const next = nextAfterClose(items, id);
    if (next) showInteraction(next);
    return next;
  }

  function reset(): void {
    selection.value = null;
    browsedCustomerId.value = null;
    prompt.value = null;
    focusRequest.value = null;
  }

  return { selection, browsedCustomerId, prompt, focusRequest, showInteraction, showCustomer, closeCustomer, clearIf, arrived, ended, closed, reset };
});
