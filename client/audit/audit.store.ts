import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import { AuditPage, type AuditEntry } from '@shared/schemas/audit';
import { errorMessage, http } from '@/api/http';
import { download } from './download';

export interface AuditFilters {
  actor: string;
  entity: string;
  action: string;
  from: string;
  to: string;
}

/** The admin's view of the audit log: filters, one page at a time, and the export. */
export const useAuditStore = defineStore('audit', () => {
  const filters = reactive<AuditFilters>({ actor: '', entity: '', action: '', from: '', to: '' });
  const items = ref<AuditEntry[]>([]);
  const total = ref(0);
  const page = ref(1);
  const pageSize = 50;
  const loading = ref(false);
  const error = ref<string | null>(null);

  function query(extra: Record<string, string> = {}) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v.trim()) q.set(k, k === 'from' || k === 'to' ? new Date(v).toISOString() : v.trim());
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    return q;
  }

  async function load(toPage = page.value) {
    loading.value = true;
    error.value = null;
    try {
      const res = await http.get(`/api/audit?${query({ page: String(toPage), pageSize: String(pageSize) })}`, AuditPage);
      items.value = res.items;
      total.value = res.total;
      page.value = res.page;
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      loading.value = false;
    }
  }

  async function exportLog(format: 'csv' | 'ndjson') {
    error.value = null;
    try {
      await download(`/api/audit/export?${query({ format })}`, `audit.${format}`);
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  function reset() {
    Object.assign(filters, { actor: '', entity: '', action: '', from: '', to: '' });
    items.value = [];
    total.value = 0;
    page.value = 1;
    error.value = null;
  }

  return { filters, items, total, page, pageSize, loading, error, load, exportLog, reset };
});
