import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { TransferTargets } from '@shared/schemas/transfer';
import { ApiError, errorMessage, shownParams } from '@/api/http';
import { useAnnouncerStore } from '@/agent/announcer.store';
import { hasMessage, translate } from '@/i18n';
import { transferApi } from './transfer.api';
import { useInteractionsStore } from './interactions.store';

/** Where the agent sends the interaction: a ready agent, or a queue. */
export type TransferChoice = { kind: 'agent'; agentId: string; name: string } | { kind: 'queue'; queue: string };

/**
 * Transfers from the agent's screen: the dialog's targets and state, the request, and the interaction
 * leaving the screen afterwards, with a confirmation said (live region) and shown (`notice`).
 */
export const useTransferStore = defineStore('transfer', () => {
  const interactions = useInteractionsStore();
  const announcer = useAnnouncerStore();

  /** The interaction whose transfer dialog is open. */
  const forId = ref<string | null>(null);
  const targets = ref<TransferTargets | null>(null);
  const loading = ref(false);
  const busy = ref(false);
  const error = ref<string | null>(null);
  /** The last transfer's confirmation, shown until dismissed or the next one. */
  const notice = ref<string | null>(null);

  /** A refusal worded for a transfer where the catalogue has it (`interactions.transfer.errors.*`), else as any API error. */
  function refusal(err: unknown): string {
    if (err instanceof ApiError && hasMessage(`interactions.transfer.errors.${err.code}`)) return translate(`interactions.transfer.errors.${err.code}`, shownParams(err.params ?? {}));
    return errorMessage(err);
  }

  async function open(id: string): Promise<void> {
    forId.value = id;
    targets.value = null;
    error.value = null;
    loading.value = true;
    try {
      const loaded = await transferApi.targets(id);
      if (forId.value === id) targets.value = loaded;
    } catch (err) {
      if (forId.value === id) error.value = refusal(err);
    } finally {
      loading.value = false;
    }
  }

  function close(): void {
    forId.value = null;
    targets.value = null;
    error.value = null;
  }

  /**
   * Transfers the interaction: its unsaved notes are saved first (the next agent reads them), then
   * it leaves this screen. Returns whether it went.
   */
  async function transfer(id: string, choice: TransferChoice, note: string): Promise<boolean> {
    busy.value = true;
    error.value = null;
    try {
      await interactions.flushNotes(id);
      const item = interactions.items[id];
      // Notes that could not be saved would be lost to the next agent: the transfer waits for them.
      if (item?.notesStatus === 'error') throw new Error(item.error ?? '');
      await transferApi.transfer(id, choice.kind === 'agent' ? { agentId: choice.agentId, note } : { queue: choice.queue, note });
      const said = choice.kind === 'agent' ? translate('interactions.transfer.doneAgent', { name: choice.name }) : translate('interactions.transfer.doneQueue', { queue: choice.queue });
      interactions.leave(id);
      notice.value = said;
      announcer.announce(said);
      close();
      return true;
    } catch (err) {
      error.value = refusal(err);
      return false;
    } finally {
      busy.value = false;
    }
  }

  function reset(): void {
    close();
    notice.value = null;
    busy.value = false;
    loading.value = false;
  }

  return { forId, targets, loading, busy, error, notice, open, close, transfer, reset };
});
