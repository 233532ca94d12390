import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { QueueHours } from '@shared/schemas/queue-hours';
import { errorMessage } from '@/api/http';
import { checkDraft, defaultHours, type DraftProblems } from './hours-draft';
import { queuesApi } from './queues.api';

/** The queue hours screen: the queues, the chosen one's hours as a form, and saving or removing them. */
export const useQueueHoursStore = defineStore('queueHours', () => {
  const queues = ref<string[]>([]);
  const queue = ref('');
  /** Whether the chosen queue has hours stored (without: always open). */
  const stored = ref(false);
  const draft = ref<QueueHours>(defaultHours());
  const problems = ref<DraftProblems>({});
  const busy = ref(false);
  const error = ref<string | null>(null);
  const saved = ref<'saved' | 'removed' | null>(null);

  const hasProblems = computed(() => Object.keys(problems.value).length > 0);

  async function run(job: () => Promise<void>) {
    busy.value = true;
    error.value = null;
    saved.value = null;
    try {
      await job();
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      busy.value = false;
    }
  }

  const loadQueues = () =>
    run(async () => {
      queues.value = await queuesApi.list();
      if (!queue.value && queues.value[0]) await choose(queues.value[0]);
    });

  async function choose(name: string) {
    queue.value = name;
    problems.value = {};
    if (!name) return;
    await run(async () => {
      const view = await queuesApi.hours(name);
      stored.value = view.hours !== null;
      draft.value = view.hours ? structuredClone(view.hours) : defaultHours();
    });
  }

  /** Re-checks the form as it is edited, once it has been found wrong (no errors before a first save). */
  function recheck() {
    if (!hasProblems.value) return;
    const checked = checkDraft(draft.value);
    problems.value = checked.ok ? {} : checked.problems;
  }

  async function save(): Promise<boolean> {
    const checked = checkDraft(draft.value);
    problems.value = checked.ok ? {} : checked.problems;
    if (!checked.ok || !queue.value) return false;
    let ok = false;
    await run(async () => {
      const view = await queuesApi.setHours(queue.value, checked.hours);
      draft.value = structuredClone(view.hours!);
      stored.value = true;
      if (!queues.value.includes(queue.value)) queues.value = [...queues.value, queue.value].sort();
      saved.value = 'saved';
      ok = true;
    });
    return ok;
  }

  const remove = () =>
    run(async () => {
      await queuesApi.removeHours(queue.value);
      stored.value = false;
      draft.value = defaultHours();
      problems.value = {};
      saved.value = 'removed';
    });

  return { queues, queue, stored, draft, problems, hasProblems, busy, error, saved, loadQueues, choose, recheck, save, remove };
});
