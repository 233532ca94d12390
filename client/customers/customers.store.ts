import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Complaint, CustomerCreate, CustomerPicture, CustomerSummary, PreferencesUpdate } from '@shared/schemas/customer';
import { errorMessage } from '@/api/http';
import { customersApi, type CustomerCreated } from './customers.api';

export const useCustomersStore = defineStore('customers', () => {
  /** Pictures by customer id: from pops, searches, quick-creates and saves. */
  const pictures = ref<Record<string, CustomerPicture>>({});
  const loading = ref<Record<string, boolean>>({});
  const loadErrors = ref<Record<string, string>>({});

  const query = ref('');
  const results = ref<CustomerSummary[]>([]);
  const total = ref(0);
  const searching = ref(false);
  const searchError = ref<string | null>(null);
  // Answers to older searches that arrive late must not overwrite newer ones.
  let searchSeq = 0;

  function put(picture: CustomerPicture): void {
    pictures.value[picture.profile.id] = picture;
    delete loadErrors.value[picture.profile.id];
  }

  /** Loads a picture unless it is already here (`force` reloads it). */
  async function load(id: string, { force = false } = {}): Promise<CustomerPicture | null> {
    if (!force && pictures.value[id]) return pictures.value[id];
    loading.value[id] = true;
    delete loadErrors.value[id];
    try {
      const picture = await customersApi.picture(id);
      put(picture);
      return picture;
    } catch (err) {
      loadErrors.value[id] = errorMessage(err);
      return null;
    } finally {
      delete loading.value[id];
    }
  }

  async function search(q: string): Promise<void> {
    const seq = ++searchSeq;
    query.value = q;
    if (!q.trim()) {
      results.value = [];
      total.value = 0;
      searching.value = false;
      searchError.value = null;
      return;
    }
    searching.value = true;
    searchError.value = null;
    try {
      const res = await customersApi.search(q.trim());
      if (seq !== searchSeq) return;
      results.value = res.items;
      total.value = res.total;
    } catch (err) {
      if (seq === searchSeq) searchError.value = errorMessage(err);
    } finally {
      if (seq === searchSeq) searching.value = false;
    }
  }

  /** Quick-creates a customer (attached to `interactionId` when given); throws ApiError on failure. */
  async function create(input: CustomerCreate): Promise<CustomerCreated> {
    const created = await customersApi.create(input);
    put(created.picture);
    return created;
  }

  /** Links an unknown caller to an existing customer (their number added, the interaction attached); throws ApiError on failure. */
  async function linkCaller(customerId: string, interactionId: string): Promise<CustomerCreated> {
    const linked = await customersApi.linkCaller(customerId, { interactionId });
    put(linked.picture);
    return linked;
  }

  /** Saves preference and consent changes; throws ApiError on failure. */
  async function savePreferences(id: string, update: PreferencesUpdate): Promise<CustomerPicture> {
    const picture = await customersApi.updatePreferences(id, update);
    put(picture);
    return picture;
  }

  /** Puts a created or updated complaint into its customer's picture, newest first. */
  function upsertComplaint(complaint: Complaint): void {
    const picture = pictures.value[complaint.customerId];
    if (!picture) return;
    const i = picture.complaints.findIndex((c) => c.id === complaint.id);
    if (i >= 0) picture.complaints[i] = complaint;
    else picture.complaints.unshift(complaint);
  }

  function reset(): void {
    pictures.value = {};
    loading.value = {};
    loadErrors.value = {};
    query.value = '';
    results.value = [];
    total.value = 0;
    searchError.value = null;
  }

  return {
    pictures,
    loading,
    loadErrors,
    query,
    results,
    total,
    searching,
    searchError,
    put,
    load,
    linkCaller,
    search,
    create,
    savePreferences,
    upsertComplaint,
    reset,
  };
});
