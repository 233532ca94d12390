import type { Role } from '../../shared/schemas/auth.js';

/** A refusal with the code the console words and its parameters. */
export interface Refusal {
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

/** Who is changing an agent: their role, and the teams they supervise (supervisors only). */
export interface MemberEditor {
  role: Role;
  supervises: readonly string[];
}

/** The agent being changed, as stored. */
export interface MemberFacts {
  role: Role;
  team?: string | null;
}

/** Roles whose skills and team a supervisor may change: the people who take the calls, never another supervisor or an admin. */
const FRONT_LINE: readonly Role[] = ['agent', 'telemarketer'];

/**
 * Why `editor` may not change `member`'s skills or move them to `toTeam` (null: they may). Admins
 * change anyone. A supervisor changes the agents and telemarketers of the teams they supervise, and
 * moves them only into another team of theirs (handing an agent to a team they do not run is for the
 * admin or that team's supervisor).
 */
export function memberEditRefusal(editor: MemberEditor, member: MemberFacts, toTeam?: string): Refusal | null {
  if (editor.role === 'admin') return null;
  if (editor.role !== 'supervisor') return { code: 'TEAM_NOT_YOURS', message: 'only admins and supervisors change agents' };
  if (!FRONT_LINE.includes(member.role)) return { code: 'MEMBER_NOT_AGENT', message: 'supervisors change agents and telemarketers only', params: { role: member.role } };
  if (!member.team || !editor.supervises.includes(member.team))
    return { code: 'TEAM_NOT_YOURS', message: 'that agent is not in a team you supervise', params: { team: member.team ?? '' } };
  if (toTeam !== undefined && toTeam !== member.team && !editor.supervises.includes(toTeam))
    return { code: 'TEAM_NOT_YOURS', message: `you do not supervise the team ${toTeam}`, params: { team: toTeam } };
  return null;
}

/** Why a team may not be archived now (null: it may): people still in it would belong to a team nobody can pick. */
export function archiveRefusal(team: string, memberCount: number): Refusal | null {
  if (memberCount === 0) return null;
  return {
    code: 'TEAM_HAS_MEMBERS',
    message: `${team} still has ${memberCount} member${memberCount === 1 ? '' : 's'}: move them to another team first`,
    params: { team, count: memberCount },
  };
}

/**
 * The teams a supervisor supervises: those that list them; until any does, the team on their own
 * record (how supervisors were tied to a team before teams had supervisors).
 */
export function supervisedTeams(listedOn: readonly string[], ownTeam: string | null | undefined): string[] {
  if (listedOn.length) return [...listedOn];
  return ownTeam ? [ownTeam] : [];
}
