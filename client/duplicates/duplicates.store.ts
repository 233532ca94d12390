import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DuplicateCandidate, MergeResult } from '@shared/schemas/duplicates';
import { errorMessage } from '@/api/http';
import { duplicatesApi } from './duplicates.api';

/** Candidate duplicate pairs and the merges a supervisor or admin makes of them. */
export const useDuplicatesStore = defineStore('duplicates', () => {
  const items = ref<DuplicateCandidate[]>([]);
  const truncated = ref(false);
  const loading = ref(false);
  const merging = ref<string | null>(null);
  const error = ref<string | null>(null);
  const lastMerge = ref<MergeResult | null>(null);

  async function load() {
    loading.value = true;
    error.value = null;
    try {
      const list = await duplicatesApi.list();
      items.value = list.items;
      truncated.value = list.truncated;
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      loading.value = false;
    }
  }

  /** Merges `mergeId` into `keepId`, then drops every pair that named the merged record. */
  async function merge(keepId: string, mergeId: string) {
    merging.value = mergeId;
    error.value = null;
    try {
      lastMerge.value = await duplicatesApi.merge({ keepId, mergeId });
      items.value = items.value.filter((p) => p.a.id !== mergeId && p.b.id !== mergeId);
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      merging.value = null;
    }
  }

  return { items, truncated, loading, merging, error, lastMerge, load, merge };
});
