import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CannedReply, CannedReplyInput } from '@shared/schemas/canned-replies';
import { ApiError, errorMessage } from '@/api/http';
import { translate } from '@/i18n';
import { cannedRepliesApi, type CannedFilter } from './canned-replies.api';

/** How long the composer trusts the replies it loaded before asking again (a supervisor may have changed them). */
export const USABLE_TTL_MS = 60_000;

/**
 * Canned replies: the ones this user may use in the composer, and the back office's list with its
 * filter and form.
 */
export const useCannedRepliesStore = defineStore('canned-replies', () => {
  /** What the composer offers after `/` (everyone's and the agent's team's, as the server chose). */
  const usable = ref<CannedReply[]>([]);
  let usableAt = 0;
  let usableLoading: Promise<void> | null = null;

  /** Loads the usable replies unless fresh ones are here; a failure keeps the old ones (the picker still works). */
  function loadUsable(): Promise<void> {
    if (Date.now() - usableAt < USABLE_TTL_MS) return Promise.resolve();
    usableLoading ??= cannedRepliesApi
      .list()
      .then((list) => {
        usable.value = list;
        usableAt = Date.now();
      })
      .catch((err) => console.error('Canned replies could not be loaded', err))
      .finally(() => (usableLoading = null));
    return usableLoading;
  }

  const items = ref<CannedReply[]>([]);
  const filter = ref<CannedFilter>({});
  /** Every team any reply is for, for the filter's choices (kept from the unfiltered list). */
  const teams = ref<string[]>([]);
  const loading = ref(false);
  const saving = ref(false);
  const error = ref<string | null>(null);
  const saved = ref<string | null>(null);

  async function load(next: CannedFilter = filter.value) {
    filter.value = next;
    loading.value = true;
    error.value = null;
    try {
      items.value = await cannedRepliesApi.list(next);
      if (!next.q && !next.team) teams.value = [...new Set(items.value.map((r) => r.team).filter((t): t is string => !!t))].sort();
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      loading.value = false;
    }
  }

  /** The server's refusal in words: a taken shortcut is this screen's own sentence. */
  const describe = (err: unknown) =>
    err instanceof ApiError && err.code === 'CANNED_SHORTCUT_TAKEN'
      ? translate('canned-replies.errors.shortcutTaken', { shortcut: String(err.params?.shortcut ?? '') })
      : errorMessage(err);

  /** Creates (no id) or changes a reply; true when the server took it. */
  async function save(input: CannedReplyInput, id?: string): Promise<boolean> {
    saving.value = true;
    error.value = null;
    saved.value = null;
    try {
      const reply = id ? await cannedRepliesApi.update(id, input) : await cannedRepliesApi.create(input);
      saved.value = reply.shortcut;
      usableAt = 0;
      await load();
      if (reply.team && !teams.value.includes(reply.team)) teams.value = [...teams.value, reply.team].sort();
      return true;
    } catch (err) {
      error.value = describe(err);
      return false;
    } finally {
      saving.value = false;
    }
  }

  async function archive(id: string): Promise<boolean> {
    error.value = null;
    saved.value = null;
    try {
      await cannedRepliesApi.archive(id);
      items.value = items.value.filter((r) => r.id !== id);
      usableAt = 0;
      return true;
    } catch (err) {
      error.value = describe(err);
      return false;
    }
  }

  async function exportCsv() {
    error.value = null;
    try {
      await cannedRepliesApi.exportCsv(filter.value);
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  /** Logout: the next user's replies are their own (their team's), loaded afresh. */
  function reset() {
    usable.value = [];
    usableAt = 0;
    items.value = [];
    teams.value = [];
    filter.value = {};
  }

  return { usable, loadUsable, reset, items, filter, teams, loading, saving, error, saved, load, save, archive, exportCsv };
});
