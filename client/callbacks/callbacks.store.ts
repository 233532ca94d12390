import { defineStore } from 'pinia';
import { mayOpen } from '@shared/access/roles';
import { computed, reactive, ref } from 'vue';
import { type CallbackClose, type CallbackState, CallbackTask, matchesCallbackFilter } from '@shared/schemas/callbacks';
import { ApiError, errorMessage } from '@/api/http';
import { download } from '@/audit/download';
import { useAuthStore } from '@/auth/auth.store';
import { translate } from '@/i18n';
import type { ConsoleSocket } from '@/realtime/client';
import { callbacksApi, type ListFilter } from './callbacks.api';

export interface CallbackFilters {
  /** '' : still to do (waiting and taken). */
  state: CallbackState | '';
  queue: string;
  text: string;
}

/** Our own refusals in the user's words; anything else as every screen says it. */
function callbackError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'CALLBACK_TAKEN') return translate('callbacks.errors.taken', { by: String(err.params?.by ?? '') });
    if (err.code === 'CALLBACK_DONE') return translate('callbacks.errors.done');
    if (err.code === 'CALLBACK_NOT_YOURS') return translate('callbacks.errors.notYours');
    if (err.code === 'CALLBACK_CHANGED') return translate('callbacks.errors.changed');
    if (err.code === 'NOT_FOUND') return translate('callbacks.errors.gone');
  }
  return errorMessage(err);
}

/**
 * Callback tasks: the list the screen shows (the server filters it; pushes keep it live by the same
 * rule, `matchesCallbackFilter`), the tasks waiting (the navigation's count), and taking, giving back
 * and closing one.
 */
export const useCallbacksStore = defineStore('callbacks', () => {
  const items = ref<CallbackTask[]>([]);
  const filters = reactive<CallbackFilters>({ state: '', queue: '', text: '' });
  const queues = ref<string[]>([]);
  /** Ids of the tasks waiting to be taken, over every queue this user sees. */
  const waitingIds = ref<string[]>([]);
  const loading = ref(false);
  /** The task a write is under way for ('export' for the download). */
  const busy = ref<string | null>(null);
  const error = ref<string | null>(null);

  const asFilter = (): ListFilter => ({ state: filters.state || undefined, queue: filters.queue || undefined, q: filters.text.trim() || undefined });
  const waitingCount = computed(() => waitingIds.value.length);
  /** The tasks this user has taken and not yet closed: each shows its customer and the close form. */
  const mine = computed(() => {
    const me = useAuthStore().user?.id;
    return items.value.filter((x) => x.state === 'claimed' && x.claimedBy === me);
  });

  let loadSeq = 0;
  /** `keepMessage`: a refresh after a refused write leaves its message on screen. */
  async function load(opts: { keepMessage?: boolean } = {}) {
    const seq = ++loadSeq;
    loading.value = true;
    if (!opts.keepMessage) error.value = null;
    try {
      const list = await callbacksApi.list(asFilter());
      // A slower answer to an older filter never overwrites a newer one.
      if (seq === loadSeq) items.value = list;
    } catch (err) {
      if (seq === loadSeq) error.value = callbackError(err);
    } finally {
      if (seq === loadSeq) loading.value = false;
    }
  }

  async function loadWaiting() {
    try {
      waitingIds.value = (await callbacksApi.list({ state: 'open' })).map((x) => x.id);
    } catch {
      // The count is a convenience: the list says what went wrong when it is opened.
    }
  }

  async function loadQueues() {
    try {
      queues.value = await callbacksApi.queues();
    } catch (err) {
      error.value = callbackError(err);
    }
  }

  /** A pushed or answered task: in the list if the list's filters would have it, oldest first. */
  function apply(task: CallbackTask) {
    const waiting = waitingIds.value.filter((id) => id !== task.id);
    waitingIds.value = task.state === 'open' ? [...waiting, task.id] : waiting;
    if (!queues.value.includes(task.queue)) queues.value = [...queues.value, task.queue].sort();
    const rest = items.value.filter((x) => x.id !== task.id);
    // Our own task stays on screen until it is closed, whatever the filters.
    const keep = matchesCallbackFilter(task, asFilter()) || (task.state === 'claimed' && task.claimedBy === useAuthStore().user?.id);
    items.value = keep ? [...rest, task].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)) : rest;
  }

  async function write(id: string, job: () => Promise<CallbackTask>): Promise<boolean> {
    busy.value = id;
    error.value = null;
    try {
      apply(await job());
      return true;
    } catch (err) {
      error.value = callbackError(err);
      // Someone else's write won: show the task as it now is.
      if (err instanceof ApiError && err.status === 409) void load({ keepMessage: true });
      return false;
    } finally {
      busy.value = null;
    }
  }

  const claim = (id: string) => write(id, () => callbacksApi.claim(id));
  const release = (id: string) => write(id, () => callbacksApi.release(id));
  const close = (id: string, body: CallbackClose) => write(id, () => callbacksApi.close(id, body));

  async function exportCsv() {
    busy.value = 'export';
    error.value = null;
    try {
      await download(callbacksApi.exportPath(asFilter()), 'callbacks.csv');
    } catch (err) {
      error.value = callbackError(err);
    } finally {
      busy.value = null;
    }
  }

  return { items, filters, queues, waitingIds, waitingCount, mine, loading, busy, error, load, loadWaiting, loadQueues, apply, claim, release, close, exportCsv };
});

/** `callback:changed`: a task left, taken, given back or closed (only tasks of queues this user sees arrive). */
export function registerCallbackListeners(socket: ConsoleSocket): void {
  const callbacks = useCallbacksStore();
  socket.on('callback:changed', (raw) => {
    const task = CallbackTask.safeParse(raw);
    if (task.success) callbacks.apply(task.data);
    else console.error('Unreadable callback task', task.error);
  });
  // After a drop, pushes made meanwhile were missed: count again.
  socket.on('connect', () => {
    if (mayOpen(useAuthStore().user?.role, 'callbacks')) void callbacks.loadWaiting();
  });
}
