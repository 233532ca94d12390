import { Types } from 'mongoose';
import type { MemberPatch, TeamMember } from '../../shared/schemas/teams.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Models } from '../db/models.js';
import { forbidden, invalid, notFound } from '../http/errors.js';
import type { RoutingService } from '../routing/routing.service.js';
import { memberEditRefusal, supervisedTeams } from './team-rules.js';
import { type TeamRepository, teamNotFound } from './teams.repository.js';

const FIELDS = { username: 1, displayName: 1, role: 1, skills: 1, team: 1, disabled: 1 } as const;

type MemberRecord = { _id: unknown; username: string; displayName?: string | null; role: TeamMember['role']; skills?: string[] | null; disabled?: boolean | null };
const toMember = (u: MemberRecord): TeamMember => ({
  id: String(u._id),
  username: u.username,
  displayName: u.displayName ?? undefined,
  role: u.role,
  skills: u.skills ?? [],
  disabled: !!u.disabled,
});

/**
 * The people of a team and the two things the Teams screen changes about them: the queues they take
 * (skills) and the team they are in. A skills change reaches routing at once (the agent's live record),
 * so the next call is routed by the new skills without the agent reconnecting. Users' records belong to
 * the Users admin (server/access/users.routes.ts); these two fields are written here, audited the same way.
 */
export function createTeamMembers(deps: { models: Models; teams: TeamRepository; routing: Pick<RoutingService, 'skillsChanged'>; audit: AuditService }) {
  const { models, teams, routing, audit } = deps;
  const { User } = models;

  async function supervises(user: Pick<TokenClaims, 'userId' | 'role'>): Promise<string[]> {
    if (user.role !== 'supervisor') return [];
    const [listed, me] = await Promise.all([teams.supervisedBy(user.userId), User.findById(user.userId, { team: 1 }).lean()]);
    return supervisedTeams(listed, me?.team);
  }

  /** A team a user's record may name: once any team exists, an active one (before, any text, as it always was). */
  async function assertAssignable(team: string | null | undefined): Promise<void> {
    if (!team || !(await teams.any())) return;
    if (await teams.active(team)) return;
    if (await models.Team.exists({ name: team })) throw invalid('TEAM_ARCHIVED', `the team ${team} is archived`, { team });
    throw invalid('UNKNOWN_TEAM', `there is no team named ${team}`, { team });
  }

  return {
    supervises,
    assertAssignable,

    async members(team: string): Promise<TeamMember[]> {
      if (!(await models.Team.exists({ name: team }))) throw teamNotFound(team);
      return (await User.find({ team }, FIELDS).sort({ username: 1 }).lean()).map(toMember);
    },

    /** Changes an agent's skills or team (admins; a supervisor for the agents of their teams). */
    async change(userId: string, patch: MemberPatch, actor: TokenClaims): Promise<TeamMember> {
      const before = await User.findById(userId, FIELDS).lean();
      if (!before) throw notFound('user');
      if (patch.team !== undefined) await assertAssignable(patch.team);
      const why = memberEditRefusal({ role: actor.role, supervises: await supervises(actor) }, { role: before.role, team: before.team }, patch.team);
      if (why) throw forbidden(why.message, why.code, why.params);
      const after = await User.findByIdAndUpdate(new Types.ObjectId(userId), { $set: patch }, { returnDocument: 'after', projection: FIELDS }).lean();
      if (!after) throw notFound('user');
      if (patch.skills) await routing.skillsChanged(userId, patch.skills);
      const keys = Object.keys(patch) as Array<keyof MemberPatch>;
      await audit.record({
        actor,
        action: 'user.changed',
        entity: { type: 'user', id: userId },
        before: Object.fromEntries(keys.map((k) => [k, before[k] ?? null])),
        after: Object.fromEntries(keys.map((k) => [k, after[k] ?? null])),
      });
      return toMember(after);
    },
  };
}
export type TeamMembers = ReturnType<typeof createTeamMembers>;
