import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type { MemberPatch, TeamCreate, TeamFilter, TeamMember, TeamPatch, TeamView } from '@shared/schemas/teams';
import { matchesTeamFilter } from '@shared/schemas/teams';
import { errorMessage } from '@/api/http';
import { download } from '@/audit/download';
import { useAuthStore } from '@/auth/auth.store';
import { teamsApi } from './teams.api';

export interface TeamFilters {
  text: string;
  status: 'all' | 'active' | 'archived';
}

export interface SupervisorChoice {
  id: string;
  username: string;
  displayName?: string;
}

/** Roles whose skills and team a supervisor may change (the server says the same, and enforces it). */
const FRONT_LINE = ['agent', 'telemarketer'];

/**
 * The Teams screen: the teams with their filters and export; admins create, rename, archive them and
 * set their supervisors; the chosen team's people with their skills, which an admin (or the team's
 * supervisor) changes.
 */
export const useTeamsStore = defineStore('teams', () => {
  const auth = useAuthStore();
  const items = ref<TeamView[]>([]);
  const filters = reactive<TeamFilters>({ text: '', status: 'all' });
  /** The teams a supervisor runs (whose agents they change). */
  const mine = ref<string[]>([]);
  const supervisors = ref<SupervisorChoice[]>([]);
  const queues = ref<string[]>([]);
  const selected = ref<string | null>(null);
  const members = ref<TeamMember[]>([]);
  const loading = ref(false);
  /** What is being saved: 'create', 'export', a team's name or a member's id. */
  const saving = ref<string | null>(null);
  const error = ref<string | null>(null);
  /** The last change made, for the status line (a `teams.saved.*` key and its parameters). */
  const notice = ref<{ key: string; params: Record<string, string> } | null>(null);

  const isAdmin = computed(() => auth.user?.role === 'admin');
  const asFilter = (): TeamFilter => ({ q: filters.text.trim() || undefined, status: filters.status === 'all' ? undefined : filters.status });
  const visible = computed(() => items.value.filter((t) => matchesTeamFilter(t, asFilter())));
  const team = computed(() => items.value.find((t) => t.name === selected.value) ?? null);
  const activeTeams = computed(() => items.value.filter((t) => !t.archived));
  /** The teams the user may move an agent into. */
  const movableTo = computed(() => (isAdmin.value ? activeTeams.value : activeTeams.value.filter((t) => mine.value.includes(t.name))));

  /** Whether the user may change this person's skills and team (admins anyone; supervisors the agents of their teams). */
  const mayEdit = (m: TeamMember) => isAdmin.value || (!!selected.value && mine.value.includes(selected.value) && FRONT_LINE.includes(m.role));

  async function run<T>(what: string, job: () => Promise<T>): Promise<T | undefined> {
    saving.value = what;
    error.value = null;
    notice.value = null;
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
      const [teams, own, queueNames, users] = await Promise.all([teamsApi.list(), teamsApi.mine(), teamsApi.queues(), isAdmin.value ? teamsApi.users() : Promise.resolve([])]);
      items.value = teams;
      mine.value = own;
      queues.value = queueNames;
      supervisors.value = users.filter((u) => u.role === 'supervisor' && !u.disabled).map((u) => ({ id: u.id, username: u.username, displayName: u.displayName }));
      const first = selected.value ?? own[0] ?? teams[0]?.name ?? null;
      if (first) await select(first);
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      loading.value = false;
    }
  }

  async function select(name: string) {
    selected.value = name;
    members.value = [];
    try {
      members.value = await teamsApi.members(name);
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  const replace = (t: TeamView) => {
    const i = items.value.findIndex((x) => x.name === t.name);
    if (i >= 0) items.value.splice(i, 1, t);
    else items.value = [...items.value, t].sort((a, b) => a.name.localeCompare(b.name));
  };

  async function create(input: TeamCreate): Promise<boolean> {
    const created = await run('create', () => teamsApi.create(input));
    if (!created) return false;
    replace(created);
    notice.value = { key: 'created', params: { team: created.displayName } };
    await select(created.name);
    return true;
  }

  async function update(name: string, patch: TeamPatch): Promise<boolean> {
    const changed = await run(name, () => teamsApi.update(name, patch));
    if (!changed) return false;
    replace(changed);
    const key = patch.archived === true ? 'archived' : patch.archived === false ? 'restored' : 'changed';
    notice.value = { key, params: { team: changed.displayName } };
    return true;
  }

  async function changeMember(m: TeamMember, patch: MemberPatch): Promise<boolean> {
    const changed = await run(m.id, () => teamsApi.changeMember(m.id, patch));
    if (!changed) return false;
    const from = selected.value;
    if (patch.team && patch.team !== from) {
      // Moved away: off this list, and the two teams' counts follow.
      members.value = members.value.filter((x) => x.id !== m.id);
      items.value = items.value.map((t) => (t.name === from ? { ...t, memberCount: t.memberCount - 1 } : t.name === patch.team ? { ...t, memberCount: t.memberCount + 1 } : t));
      notice.value = { key: 'moved', params: { user: m.displayName ?? m.username, team: patch.team } };
    } else {
      members.value = members.value.map((x) => (x.id === m.id ? changed : x));
      notice.value = { key: 'skills', params: { user: m.displayName ?? m.username } };
    }
    return true;
  }

  async function exportCsv() {
    const q = new URLSearchParams(Object.entries(asFilter()).filter((e): e is [string, string] => !!e[1]));
    await run('export', () => download(`/api/teams/export?${q}`, 'teams.csv'));
  }

  function reset() {
    items.value = [];
    mine.value = [];
    supervisors.value = [];
    queues.value = [];
    selected.value = null;
    members.value = [];
    Object.assign(filters, { text: '', status: 'all' });
    error.value = null;
    notice.value = null;
  }

  return {
    items, filters, visible, mine, supervisors, queues, selected, team, members, activeTeams, movableTo, isAdmin, loading, saving, error, notice,
    mayEdit, load, select, create, update, changeMember, exportCsv, reset,
  };
});
