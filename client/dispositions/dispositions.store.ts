import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DispositionCode, DispositionCodeInput } from '@shared/schemas/dispositions';
import { ApiError, errorMessage } from '@/api/http';
import { translate } from '@/i18n';
import { dispositionsApi, type DispositionFilter } from './dispositions.api';
import { useDispositionPickerStore } from './disposition-picker.store';

/** The Dispositions admin screen: the codes, filtered, and creating, changing or archiving one. */
export const useDispositionsStore = defineStore('dispositions', () => {
  const items = ref<DispositionCode[]>([]);
  const filter = ref<DispositionFilter>({});
  const loading = ref(false);
  const saving = ref(false);
  const error = ref<string | null>(null);
  /** The code just saved or archived, for the confirmation. */
  const done = ref<{ code: string; what: 'saved' | 'archived' } | null>(null);

  async function load(next: DispositionFilter = filter.value) {
    filter.value = next;
    loading.value = true;
    error.value = null;
    try {
      items.value = await dispositionsApi.list(next);
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      loading.value = false;
    }
  }

  /** The server's refusals this screen words itself; others as the server said them. */
  function describe(err: unknown): string {
    if (err instanceof ApiError && err.code === 'DISPOSITION_CODE_TAKEN') return translate('dispositions.errors.taken', { code: String(err.params?.code ?? '') });
    if (err instanceof ApiError && err.code === 'DISPOSITION_BUILT_IN') return translate('dispositions.errors.builtIn', { code: String(err.params?.code ?? '') });
    return errorMessage(err);
  }

  async function write(code: string, what: 'saved' | 'archived', job: () => Promise<DispositionCode>): Promise<boolean> {
    saving.value = true;
    error.value = null;
    done.value = null;
    try {
      await job();
      done.value = { code, what };
      // The wrap-up asks for the codes afresh.
      useDispositionPickerStore().reset();
      await load();
      return true;
    } catch (err) {
      error.value = describe(err);
      return false;
    } finally {
      saving.value = false;
    }
  }

  /** Creates (no id) or changes a code; true when the server took it. */
  const save = (input: DispositionCodeInput, id?: string) => write(input.code, 'saved', () => (id ? dispositionsApi.update(id, input) : dispositionsApi.create(input)));
  const archive = (c: DispositionCode) => write(c.code, 'archived', () => dispositionsApi.archive(c.id));

  async function exportCsv() {
    error.value = null;
    try {
      await dispositionsApi.exportCsv(filter.value);
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  return { items, filter, loading, saving, error, done, load, save, archive, exportCsv };
});
