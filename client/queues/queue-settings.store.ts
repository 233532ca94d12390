import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { QueueSettings, QueueSettingsInput } from '@shared/schemas/queue-settings';
import { errorMessage } from '@/api/http';
import { queueSettingsApi } from './queue-settings.api';

/** The Queues screen: every queue's settings, filtered, and saving or resetting one. */
export const useQueueSettingsStore = defineStore('queueSettings', () => {
  const items = ref<QueueSettings[]>([]);
  const q = ref('');
  const loading = ref(false);
  const saving = ref(false);
  const error = ref<string | null>(null);
  /** The queue just saved or reset, for the confirmation. */
  const done = ref<{ queue: string; what: 'saved' | 'reset' } | null>(null);

  async function load(filter = q.value) {
    q.value = filter;
    loading.value = true;
    error.value = null;
    try {
      items.value = await queueSettingsApi.list(filter || undefined);
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      loading.value = false;
    }
  }

  async function write(queue: string, what: 'saved' | 'reset', job: () => Promise<QueueSettings>): Promise<boolean> {
    saving.value = true;
    error.value = null;
    done.value = null;
    try {
      await job();
      done.value = { queue, what };
      await load();
      return true;
    } catch (err) {
      error.value = errorMessage(err);
      return false;
    } finally {
      saving.value = false;
    }
  }

  /** Saves a queue's settings (a new queue name creates them); true when the server took them. */
  const save = (queue: string, input: QueueSettingsInput) => write(queue, 'saved', () => queueSettingsApi.save(queue, input));
  /** Back to the defaults. */
  const reset = (queue: string) => write(queue, 'reset', () => queueSettingsApi.reset(queue));

  async function exportCsv() {
    error.value = null;
    try {
      await queueSettingsApi.exportCsv(q.value || undefined);
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  /** Each queue's maximum wait (the floor shows it beside the longest wait), by queue. */
  const maxWaits = computed(() => Object.fromEntries(items.value.filter((s) => s.maxWaitSec !== null).map((s) => [s.queue, s.maxWaitSec as number])));

  /** Loads the settings for the floor: a failure leaves the floor as it was (no limits shown), with no message. */
  async function loadForFloor() {
    try {
      if (!items.value.length || q.value) items.value = await queueSettingsApi.list();
      q.value = '';
    } catch (err) {
      console.warn('Queue settings could not be loaded for the floor', err);
    }
  }

  return { items, q, loading, saving, error, done, maxWaits, load, loadForFloor, save, reset, exportCsv };
});
