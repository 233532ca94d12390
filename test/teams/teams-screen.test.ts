// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TeamMember, TeamView } from '@shared/schemas/teams';
import { useAuthStore } from '@/auth/auth.store';
import TeamsView from '@/teams/TeamsView.vue';
import { freshPinia, mountWith, settle, stubApi } from '../client/support';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const SUP = '64b000000000000000000001';
const north: TeamView = { name: 'north', displayName: 'North', supervisors: [{ id: SUP, username: 'dana', displayName: 'Dana Pop' }], archived: false, memberCount: 2 };
const south: TeamView = { name: 'south', displayName: 'South', supervisors: [], archived: false, memberCount: 1 };
const old: TeamView = { name: 'old', displayName: 'Old floor', supervisors: [], archived: true, memberCount: 0 };
const alex: TeamMember = { id: '64b0000000000000000000a1', username: 'alex', displayName: 'Alex Morgan', role: 'agent', skills: ['sales'], disabled: false };
const sam: TeamMember = { id: '64b0000000000000000000a2', username: 'sam', role: 'supervisor', skills: [], disabled: false };

function as(role: 'admin' | 'supervisor') {
  const pinia = freshPinia();
  useAuthStore().$patch({ user: { id: 'u1', username: role, role } } as never);
  return pinia;
}

const routes = (extra: Parameters<typeof stubApi>[0] = {}, mine: string[] = []) =>
  stubApi({
    'GET /api/teams': () => [north, south, old],
    'GET /api/teams/mine': () => mine,
    'GET /api/queues': () => ['sales', 'service'],
    'GET /api/users': () => [{ id: SUP, username: 'dana', displayName: 'Dana Pop', role: 'supervisor', disabled: false, mustChangePassword: false }],
    'GET /api/teams/north/members': () => [alex, sam],
    'GET /api/teams/south/members': () => [],
    ...extra,
  });

describe('the Teams screen', () => {
  it('lists teams, filters them by text and status, and opens a team’s people with their skills', async () => {
    routes();
    const w = mountWith(TeamsView, as('admin'));
    await settle();
    expect(w.findAll('[data-testid="team-row"]').map((r) => r.attributes('data-team'))).toEqual(['north', 'south', 'old']);
    await w.get('[data-testid="teams-filter-status"]').setValue('archived');
    expect(w.findAll('[data-testid="team-row"]').map((r) => r.attributes('data-team'))).toEqual(['old']);
    await w.get('[data-testid="teams-filter-status"]').setValue('all');
    await w.get('[data-testid="teams-filter-text"]').setValue('dana');
    expect(w.findAll('[data-testid="team-row"]').map((r) => r.attributes('data-team'))).toEqual(['north']);
    const people = w.findAll('[data-testid="team-member"]');
    expect(people.map((p) => p.attributes('data-username'))).toEqual(['alex', 'sam']);
    expect((people[0]!.get('[data-testid="member-skills"]').element as HTMLInputElement).value).toBe('sales');
  });

  it('exports the filtered list as CSV', async () => {
    const api = routes({ 'GET /api/teams/export': () => 'name\n' });
    const w = mountWith(TeamsView, as('admin'));
    await settle();
    await w.get('[data-testid="teams-filter-text"]').setValue('north');
    await w.get('[data-testid="teams-export"]').trigger('click');
    await settle();
    expect(api.find('GET', /\/api\/teams\/export/)[0]!.path).toBe('/api/teams/export?q=north');
  });

  it('creates a team with a name made from its display name, and refuses a bad one without sending it', async () => {
    const api = routes({ 'POST /api/teams': (c) => ({ ...(c.body as object), supervisors: [], archived: false, memberCount: 0 }), 'GET /api/teams/:name/members': () => [] });
    const w = mountWith(TeamsView, as('admin'));
    await settle();
    await w.get('[data-testid="team-create-display"]').setValue('Inbound East');
    expect((w.get('[data-testid="team-create-name"]').element as HTMLInputElement).value).toBe('inbound-east');
    await w.get('[data-testid="team-create-name"]').setValue('East Side!');
    await w.get('[data-testid="team-create"]').trigger('submit');
    await settle();
    expect(w.get('[data-testid="team-create-name"]').attributes('aria-invalid')).toBe('true');
    expect(api.find('POST', '/api/teams')).toHaveLength(0);

    await w.get('[data-testid="team-create-name"]').setValue('inbound-east');
    await w.get('[data-testid="team-create"]').trigger('submit');
    await settle();
    expect(api.find('POST', '/api/teams')[0]!.body).toEqual({ name: 'inbound-east', displayName: 'Inbound East', supervisors: [] });
    expect(w.get('[data-testid="teams-notice"]').text()).toContain('Inbound East');
    expect(w.findAll('[data-testid="team-row"]').map((r) => r.attributes('data-team'))).toContain('inbound-east');
  });

  it('shows why a team with people cannot be archived, in the user’s words', async () => {
    routes({
      'PATCH /api/teams/north': () => ({
        status: 409,
        body: { error: { code: 'TEAM_HAS_MEMBERS', message: 'north still has 2 members', params: { team: 'north', count: 2 } } },
      }),
    });
    const w = mountWith(TeamsView, as('admin'));
    await settle();
    await w.get('[data-testid="team-archive"]').trigger('click');
    await settle();
    expect(w.get('[data-testid="teams-error"]').text()).toBe('north still has 2 members: move them to another team first.');
  });

  it('renames a team and sets its supervisors', async () => {
    const api = routes({ 'PATCH /api/teams/north': (c) => ({ ...north, ...(c.body as object), supervisors: [] }) });
    const w = mountWith(TeamsView, as('admin'));
    await settle();
    await w.get('[data-testid="team-display"]').setValue('North floor');
    await w.get('[data-testid="team-supervisor"]').setValue(false);
    await w.get('[data-testid="team-settings"]').trigger('submit');
    await settle();
    expect(api.find('PATCH', '/api/teams/north')[0]!.body).toEqual({ displayName: 'North floor', supervisors: [] });
    expect(w.get('[data-testid="team-row"][data-team="north"]').text()).toContain('North floor');
  });

  it('lets a supervisor change the skills and team of their team’s agents only, checking the skills first', async () => {
    const api = routes(
      { 'PATCH /api/teams/members/:id': (c) => ({ ...alex, skills: (c.body as { skills?: string[] }).skills ?? alex.skills }) },
      ['north'],
    );
    const w = mountWith(TeamsView, as('supervisor'));
    await settle();
    // No team settings for a supervisor; the other supervisor in the team is not theirs to change.
    expect(w.find('[data-testid="team-settings"]').exists()).toBe(false);
    expect(w.find('[data-testid="team-create"]').exists()).toBe(false);
    const [alexRow, samRow] = w.findAll('[data-testid="team-member"]');
    expect(samRow!.find('[data-testid="member-skills"]').exists()).toBe(false);
    // Teams they do not run are not offered to move an agent into.
    expect(alexRow!.findAll('[data-testid="member-team"] option').map((o) => o.attributes('value'))).toEqual(['north']);

    await alexRow!.get('[data-testid="member-skills"]').setValue('sales, sales');
    await alexRow!.get('[data-testid="member-save"]').trigger('click');
    await settle();
    expect(alexRow!.get('[data-testid="member-skills"]').attributes('aria-invalid')).toBe('true');
    expect(alexRow!.text()).toContain('A skill is listed twice.');
    expect(api.find('PATCH', /members/)).toHaveLength(0);

    await alexRow!.get('[data-testid="member-skills"]').setValue('sales, service');
    await alexRow!.get('[data-testid="member-save"]').trigger('click');
    await settle();
    expect(api.find('PATCH', `/api/teams/members/${alex.id}`)[0]!.body).toEqual({ skills: ['sales', 'service'] });
    expect(w.get('[data-testid="teams-notice"]').text()).toContain('Alex Morgan');
  });

  it('moves an agent to another team: off this team’s list, counts follow', async () => {
    const api = routes({ 'PATCH /api/teams/members/:id': () => ({ ...alex }) });
    const w = mountWith(TeamsView, as('admin'));
    await settle();
    const row = w.get('[data-testid="team-member"][data-username="alex"]');
    await row.get('[data-testid="member-team"]').setValue('south');
    await row.get('[data-testid="member-save"]').trigger('click');
    await settle();
    expect(api.find('PATCH', `/api/teams/members/${alex.id}`)[0]!.body).toEqual({ team: 'south' });
    expect(w.findAll('[data-testid="team-member"]').map((p) => p.attributes('data-username'))).toEqual(['sam']);
    expect(w.get('[data-testid="team-row"][data-team="south"]').text()).toContain('2');
  });
});
