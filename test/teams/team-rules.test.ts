import { describe, expect, it } from 'vitest';
import { archiveRefusal, memberEditRefusal, supervisedTeams } from '../../server/teams/team-rules.js';

describe('who may change an agent', () => {
  const supervisor = { role: 'supervisor' as const, supervises: ['north', 'east'] };
  it.each([
    ['an admin changes anyone', { role: 'admin' as const, supervises: [] }, { role: 'supervisor' as const, team: 'south' }, undefined, null],
    ['a supervisor changes an agent of their team', supervisor, { role: 'agent' as const, team: 'north' }, undefined, null],
    ['a supervisor moves an agent between two of their teams', supervisor, { role: 'agent' as const, team: 'north' }, 'east', null],
    ['a supervisor changes a telemarketer of their team', supervisor, { role: 'telemarketer' as const, team: 'east' }, undefined, null],
    ['not an agent of another team', supervisor, { role: 'agent' as const, team: 'south' }, undefined, 'TEAM_NOT_YOURS'],
    ['not an agent in no team', supervisor, { role: 'agent' as const, team: null }, undefined, 'TEAM_NOT_YOURS'],
    ['not into a team they do not run', supervisor, { role: 'agent' as const, team: 'north' }, 'south', 'TEAM_NOT_YOURS'],
    ['not another supervisor', supervisor, { role: 'supervisor' as const, team: 'north' }, undefined, 'MEMBER_NOT_AGENT'],
    ['not an admin', supervisor, { role: 'admin' as const, team: 'north' }, undefined, 'MEMBER_NOT_AGENT'],
    ['an agent changes nobody', { role: 'agent' as const, supervises: ['north'] }, { role: 'agent' as const, team: 'north' }, undefined, 'TEAM_NOT_YOURS'],
  ])('%s', (_, editor, member, toTeam, code) => {
    expect(memberEditRefusal(editor, member, toTeam)?.code ?? null).toBe(code);
  });
});

describe('archiving a team', () => {
  it('is allowed once nobody is in it', () => expect(archiveRefusal('north', 0)).toBeNull());
  it('is refused while people are in it, saying how many', () =>
    expect(archiveRefusal('north', 3)).toMatchObject({ code: 'TEAM_HAS_MEMBERS', params: { team: 'north', count: 3 }, message: 'north still has 3 members: move them to another team first' }));
});

describe('the teams a supervisor supervises', () => {
  it.each([
    ['the teams that list them', ['east', 'north'], 'south', ['east', 'north']],
    ['their own team when none lists them', [], 'south', ['south']],
    ['none without either', [], null, []],
  ])('%s', (_, listed, own, expected) => expect(supervisedTeams(listed, own)).toEqual(expected));
});
