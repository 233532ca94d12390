import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DuplicateCandidate, MergeResult, NotDuplicate, RecentMerge, UndoResult } from '@shared/schemas/duplicates';
import { errorMessage } from '@/api/http';
import { duplicatesApi } from './duplicates.api';

/** A merge waiting for the supervisor's confirmation: the pair, and which side survives. */
export interface PendingMerge {
  pair: DuplicateCandidate;
  keepId: string;
}

/**
 * Candidate duplicate pairs and what a supervisor or admin does with them: merge (after confirming),
 * undo a recent merge, or say "not a duplicate" (and withdraw that).
 */
export const useDuplicatesStore = defineStore('duplicates', () => {
  const items = ref<DuplicateCandidate[]>([]);
  const truncated = ref(false);
  const loading = ref(false);
  const busy = ref(false);
  const error = ref<string | null>(null);
  const pending = ref<PendingMerge | null>(null);
  const lastMerge = ref<MergeResult | null>(null);
  const lastUndo = ref<UndoResult | null>(null);
  const recentMerges = ref<RecentMerge[]>([]);
  const notDuplicates = ref<NotDuplicate[]>([]);

  async function run(work: () => Promise<void>) {
    busy.value = true;
    error.value = null;
    try {
      await work();
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      busy.value = false;
    }
  }

  async function load() {
    loading.value = true;
    error.value = null;
    try {
      const [list, merges, decisions] = await Promise.all([duplicatesApi.list(), duplicatesApi.recentMerges(), duplicatesApi.notDuplicates()]);
      items.value = list.items;
      truncated.value = list.truncated;
      recentMerges.value = merges.items;
      notDuplicates.value = decisions.items;
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      loading.value = false;
    }
  }

  /** Opens the confirmation of merging a pair, `keepId` surviving. */
  function proposeMerge(pair: DuplicateCandidate, keepId: string) {
    pending.value = { pair, keepId };
  }
  function cancelMerge() {
    pending.value = null;
  }

  /** Merges the pending pair into the side chosen, then drops every pair that named the merged record. */
  async function confirmMerge(keepId: string) {
    const p = pending.value;
    if (!p) return;
    const mergeId = p.pair.a.id === keepId ? p.pair.b.id : p.pair.a.id;
    await run(async () => {
      lastMerge.value = await duplicatesApi.merge({ keepId, mergeId });
      lastUndo.value = null;
      pending.value = null;
      items.value = items.value.filter((x) => x.a.id !== mergeId && x.b.id !== mergeId);
      recentMerges.value = (await duplicatesApi.recentMerges()).items;
    });
  }

  /** Undoes a recent merge; the restored customer's pairs come back with the next look. */
  async function undo(id: string) {
    await run(async () => {
      lastUndo.value = await duplicatesApi.undo(id);
      lastMerge.value = null;
      await load();
    });
  }

  async function markNotDuplicate(pair: DuplicateCandidate) {
    await run(async () => {
      const decision = await duplicatesApi.markNotDuplicate({ aId: pair.a.id, bId: pair.b.id });
      items.value = items.value.filter((x) => x !== pair);
      notDuplicates.value = [decision, ...notDuplicates.value.filter((d) => d.id !== decision.id)];
    });
  }

  /** Withdraws a "not a duplicate": the pair may be proposed again at the next look. */
  async function withdrawNotDuplicate(id: string) {
    await run(async () => {
      await duplicatesApi.withdrawNotDuplicate(id);
      notDuplicates.value = notDuplicates.value.filter((d) => d.id !== id);
    });
  }

  return { items, truncated, loading, busy, error, pending, lastMerge, lastUndo, recentMerges, notDuplicates, load, proposeMerge, cancelMerge, confirmMerge, undo, markNotDuplicate, withdrawNotDuplicate };
});
