import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type { Role } from '@shared/schemas/auth';
import { type UserCreate, type UserFilter, type UserPatch, type UserView, matchesUserFilter } from '@shared/schemas/users';
import { errorMessage } from '@/api/http';
import { download } from '@/audit/download';
import { usersApi } from './users.api';
import { teamsApi } from '@/teams/teams.api';

export interface UserFilters {
  text: string;
  role: Role | '';
  status: 'all' | 'active' | 'disabled';
}

/** The admin's Users screen: the list with its filters, and every change an admin makes to a user. */
export const useUsersStore = defineStore('users', () => {
  const items = ref<UserView[]>([]);
  const teamOptions = ref<Array<{ name: string; label: string }>>([]);
  const filters = reactive<UserFilters>({ text: '', role: '', status: 'all' });
  const loading = ref(false);
  const saving = ref<string | null>(null);
  const error = ref<string | null>(null);
  /** Shown once after a create or reset: the admin passes it on; the user must change it. */
  const issued = ref<{ username: string; password: string } | null>(null);

  const asFilter = (): UserFilter => ({
    q: filters.text.trim() || undefined,
    role: filters.role || undefined,
    status: filters.status === 'all' ? undefined : filters.status,
  });
  const visible = computed(() => items.value.filter((u) => matchesUserFilter(u, asFilter())));

  async function run<T>(what: string, job: () => Promise<T>): Promise<T | undefined> {
    saving.value = what;
    error.value = null;
    try {
      return await job();
    } catch (err) {
      error.value = errorMessage(err);
      return undefined;
    } finally {
      saving.value = null;
    }
  }

  async function load() {
    loading.value = true;
    error.value = null;
    try {
      // The teams a user may be put in: the Teams screen's, not archived (the server checks it too).
      const [users, teams] = await Promise.all([usersApi.list(), teamsApi.list()]);
      items.value = users;
      teamOptions.value = teams.filter((t) => !t.archived).map((t) => ({ name: t.name, label: t.displayName || t.name }));
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      loading.value = false;
    }
  }

  const replace = (u: UserView) => {
    const i = items.value.findIndex((x) => x.id === u.id);
    if (i >= 0) items.value.splice(i, 1, u);
    else items.value = [...items.value, u].sort((a, b) => a.username.localeCompare(b.username));
  };

  async function create(input: UserCreate): Promise<boolean> {
    const res = await run('create', () => usersApi.create(input));
    if (!res) return false;
    replace(res.user);
    issued.value = { username: res.user.username, password: res.temporaryPassword };
    return true;
  }

  async function update(id: string, patch: UserPatch) {
    const res = await run(id, () => usersApi.update(id, patch));
    if (res) replace(res);
  }

  async function resetPassword(id: string) {
    const res = await run(id, () => usersApi.resetPassword(id));
    if (!res) return;
    replace(res.user);
    issued.value = { username: res.user.username, password: res.temporaryPassword };
  }

  async function exportCsv() {
    const q = new URLSearchParams(Object.entries(asFilter()).filter((e): e is [string, string] => !!e[1]));
    await run('export', () => download(`/api/users/export?${q}`, 'users.csv'));
  }

  function reset() {
    items.value = [];
    teamOptions.value = [];
    Object.assign(filters, { text: '', role: '', status: 'all' });
    error.value = null;
    issued.value = null;
  }

  return { items, teamOptions, filters, visible, loading, saving, error, issued, load, create, update, resetPassword, exportCsv, reset };
});
