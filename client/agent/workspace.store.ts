import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useCustomersStore } from '@/customers/customers.store';

/** What the main area shows: one live interaction, or a customer opened from search without a call. */
export type Selection = { kind: 'interaction'; id: string } | { kind: 'customer'; id: string };

export const useWorkspaceStore = defineStore('workspace', () => {
  const selection = ref<Selection | null>(null);
  /** The customer opened from search; it keeps its own tab until closed. */
  const browsedCustomerId = ref<string | null>(null);
  const customers = useCustomersStore();

  function showInteraction(id: string): void {
    selection.value = { kind: 'interaction', id };
  }

  /** Opens a customer's picture without a call (from search or a related customer). */
  function showCustomer(id: string): void {
    browsedCustomerId.value = id;
    selection.value = { kind: 'customer', id };
    void customers.load(id);
  }

  function closeCustomer(): void {
    browsedCustomerId.value = null;
    if (selection.value?.kind === 'customer') selection.value = null;
  }

  function clearIf(kind: Selection['kind'], id: string): void {
    if (selection.value?.kind === kind && selection.value.id === id) selection.value = null;
  }

  function reset(): void {
    selection.value = null;
    browsedCustomerId.value = null;
  }

  return { selection, browsedCustomerId, showInteraction, showCustomer, closeCustomer, clearIf, reset };
});
