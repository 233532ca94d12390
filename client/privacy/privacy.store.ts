import { defineStore } from 'pinia';
import { ref } from 'vue';
import { CustomerSearchResult, type CustomerSummary } from '@shared/schemas/customer';
import { EraseResult } from '@shared/schemas/privacy';
import { errorMessage, http } from '@/api/http';
import { download } from '@/audit/download';

/** The admin's privacy desk: find a customer, export what we hold (access request), erase them. */
export const usePrivacyStore = defineStore('privacy', () => {
  const results = ref<CustomerSummary[]>([]);
  const selected = ref<CustomerSummary | null>(null);
  const busy = ref<'search' | 'export' | 'erase' | null>(null);
  const error = ref<string | null>(null);
  const exported = ref<{ customerId: string; bytes: number } | null>(null);
  const erased = ref<EraseResult | null>(null);

  async function run<T>(what: NonNullable<typeof busy.value>, work: () => Promise<T>): Promise<T | undefined> {
    busy.value = what;
    error.value = null;
    try {
      return await work();
    } catch (err) {
      error.value = errorMessage(err);
      return undefined;
    } finally {
      busy.value = null;
    }
  }

  const search = (q: string) =>
    run('search', async () => {
      results.value = q.trim() ? (await http.get(`/api/customers?${new URLSearchParams({ q: q.trim() })}`, CustomerSearchResult)).items : [];
    });

  function select(c: CustomerSummary | null) {
    selected.value = c;
    exported.value = null;
    erased.value = null;
  }

  const exportSelected = () =>
    run('export', async () => {
      const c = selected.value;
      if (!c) return;
      const text = await download(`/api/privacy/customers/${c.id}/export`, `customer-${c.id}.json`);
      exported.value = { customerId: c.id, bytes: text.length };
    });

  /** Erases the selected customer; `confirm` is their id typed again by the admin. */
  const eraseSelected = (confirm: string) =>
    run('erase', async () => {
      const c = selected.value;
      if (!c) return;
      erased.value = await http.post(`/api/privacy/customers/${c.id}/erase`, { confirm }, EraseResult);
      results.value = results.value.filter((r) => r.id !== c.id);
    });

  function reset() {
    results.value = [];
    selected.value = null;
    error.value = null;
    exported.value = null;
    erased.value = null;
  }

  return { results, selected, busy, error, exported, erased, search, select, exportSelected, eraseSelected, reset };
});
