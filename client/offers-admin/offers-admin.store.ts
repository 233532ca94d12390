import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Offer, OfferInput, OfferStats } from '@shared/schemas/offers';
import { errorMessage } from '@/api/http';
import { offersAdminApi } from './offers-admin.api';

/** The offers an admin edits, with their acceptance figures beside them. */
export const useOffersAdminStore = defineStore('offers-admin', () => {
  const items = ref<Offer[]>([]);
  const stats = ref<OfferStats | null>(null);
  const loading = ref(false);
  const saving = ref(false);
  const error = ref<string | null>(null);
  const saved = ref<string | null>(null);

  async function load() {
    loading.value = true;
    error.value = null;
    try {
      [items.value, stats.value] = await Promise.all([offersAdminApi.list(), offersAdminApi.stats()]);
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      loading.value = false;
    }
  }

  /** Creates (no id) or replaces an offer; true when the server took it. */
  async function save(input: OfferInput, id?: string): Promise<boolean> {
    saving.value = true;
    error.value = null;
    saved.value = null;
    try {
      const offer = id ? await offersAdminApi.update(id, input) : await offersAdminApi.create(input);
      items.value = [...items.value.filter((o) => o.id !== offer.id), offer].sort((a, b) => a.code.localeCompare(b.code));
      saved.value = offer.code;
      return true;
    } catch (err) {
      error.value = errorMessage(err);
      return false;
    } finally {
      saving.value = false;
    }
  }

  const rateOf = (code: string) => stats.value?.byOffer.find((r) => r.offerId === code) ?? null;

  return { items, stats, loading, saving, error, saved, load, save, rateOf };
});
