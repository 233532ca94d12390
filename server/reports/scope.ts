import { Types } from 'mongoose';
import type { TokenClaims } from '../auth/tokens.js';
import { supervisedTeams as teamsOfSupervisor } from '../teams/team-rules.js';
import type { Models } from '../db/models.js';
import { forbidden } from '../http/errors.js';

/**
 * What of the reports a user may see. Admins: everything. Supervisors: the agents of the teams they
 * supervise (queues are shared by every team, so queue, campaign and offer figures stay whole).
 * Agents and telemarketers: themselves only ("My day").
 */
export interface ReportScope {
  /** Only these agents' rows, timelines and interactions; null: every agent. */
  agentIds: string[] | null;
  /** The teams a supervisor sees (filters offered on screen); null: every team. */
  teams: string[] | null;
  /** The user sees only their own figures. */
  own: boolean;
}

/**
 * The teams a supervisor supervises: the active teams that list them (the Teams screen); a supervisor
 * listed on none supervises the team on their user record, and one with neither runs the whole floor.
 */
async function supervisedTeams(models: Models, user: TokenClaims): Promise<string[] | null> {
  const [listed, me] = await Promise.all([
    models.Team.find({ supervisors: new Types.ObjectId(user.userId), archived: false }, { name: 1 }).sort({ name: 1 }).lean(),
    models.User.findById(user.userId, { team: 1 }).lean<{ team?: string | null }>(),
  ]);
  const teams = teamsOfSupervisor(listed.map((t) => t.name), me?.team);
  return teams.length ? teams : null;
}

export async function reportScope(models: Models, user: TokenClaims): Promise<ReportScope> {
  if (user.role === 'admin') return { agentIds: null, teams: null, own: false };
  if (user.role === 'supervisor') {
    const teams = await supervisedTeams(models, user);
    if (!teams) return { agentIds: null, teams: null, own: false };
    const members = await models.User.find({ team: { $in: teams } }, { _id: 1 }).lean<Array<{ _id: unknown }>>();
    return { agentIds: members.map((m) => String(m._id)), teams, own: false };
  }
  return { agentIds: [user.userId], teams: null, own: true };
}

/** Refuses a filter outside the scope (a supervisor asking for another team's agent), rather than answering nothing. */
export function assertInScope(scope: ReportScope, filter: { agentId?: string; team?: string }) {
  if (filter.agentId && scope.agentIds && !scope.agentIds.includes(filter.agentId)) {
    throw forbidden(scope.own ? 'you can see only your own figures' : 'that agent is not in a team you supervise', 'REPORT_OUT_OF_SCOPE');
  }
  if (filter.team && scope.teams && !scope.teams.includes(filter.team)) throw forbidden('that team is not one you supervise', 'REPORT_OUT_OF_SCOPE');
}
