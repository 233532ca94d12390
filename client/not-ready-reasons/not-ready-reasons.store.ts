import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { NotReadyReason } from '@shared/realtime/agent-state';
import { errorMessage } from '@/api/http';
import { notReadyReasonsApi } from './not-ready-reasons.api';
import { checkDraft, type DraftReason, type LineProblems, moved } from './reasons-draft';

/**
 * The admin's not-ready reasons: the list in the order agents see it, edited as a draft (add, relabel,
 * archive or bring back, reorder) and saved whole. The server archives what is left out; nothing is
 * deleted, so the state log's history keeps its meaning.
 */
export const useNotReadyReasonsStore = defineStore('notReadyReasons', () => {
  const lines = ref<DraftReason[]>([]);
  const problems = ref<Record<number, LineProblems>>({});
  const listProblem = ref<'empty' | null>(null);
  const loading = ref(false);
  const busy = ref<'save' | 'export' | null>(null);
  const error = ref<string | null>(null);
  const saved = ref(false);
  /** The last move, said aloud for screen readers (the line and its new place). */
  const announcement = ref('');
  let stored = '';
  let nextKey = 1;

  const toLines = (list: NotReadyReason[]) => list.map((r) => ({ ...r, key: nextKey++, stored: true }));
  const shape = (list: readonly DraftReason[]) => JSON.stringify(list.map(({ code, label, active }) => [code, label, active]));
  /** Whether the form differs from what the server has. */
  const dirty = computed(() => shape(lines.value) !== stored);

  function take(list: NotReadyReason[]) {
    lines.value = toLines(list);
    stored = shape(lines.value);
    problems.value = {};
    listProblem.value = null;
  }

  async function load() {
    loading.value = true;
    error.value = null;
    try {
      take(await notReadyReasonsApi.list());
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      loading.value = false;
    }
  }

  /** A new reason at the end; returns its key (the view focuses its code). */
  function add(): number {
    const key = nextKey++;
    lines.value = [...lines.value, { key, code: '', label: '', active: true, stored: false }];
    saved.value = false;
    return key;
  }

  function move(key: number, by: -1 | 1) {
    const from = lines.value.findIndex((l) => l.key === key);
    const to = from + by;
    if (from < 0 || to < 0 || to >= lines.value.length) return;
    lines.value = moved(lines.value, from, to);
    saved.value = false;
    return to;
  }

  function setActive(key: number, active: boolean) {
    const line = lines.value.find((l) => l.key === key);
    if (line) line.active = active;
    saved.value = false;
  }

  /** Only a reason not yet saved can go; a saved one is archived instead. */
  function discard(key: number) {
    lines.value = lines.value.filter((l) => l.key !== key || l.stored);
    delete problems.value[key];
  }

  async function save(): Promise<boolean> {
    error.value = null;
    saved.value = false;
    const checked = checkDraft(lines.value);
    problems.value = checked.ok ? {} : checked.lines;
    listProblem.value = checked.ok ? null : (checked.list ?? null);
    if (!checked.ok) return false;
    busy.value = 'save';
    try {
      take(await notReadyReasonsApi.replace(checked.list));
      saved.value = true;
      return true;
    } catch (err) {
      error.value = errorMessage(err);
      return false;
    } finally {
      busy.value = null;
    }
  }

  async function exportCsv() {
    busy.value = 'export';
    error.value = null;
    try {
      await notReadyReasonsApi.exportCsv();
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      busy.value = null;
    }
  }

  function reset() {
    lines.value = [];
    problems.value = {};
    listProblem.value = null;
    error.value = null;
    saved.value = false;
    announcement.value = '';
    stored = '';
  }

  return { lines, problems, listProblem, loading, busy, error, saved, announcement, dirty, load, add, move, setActive, discard, save, exportCsv, reset };
});
