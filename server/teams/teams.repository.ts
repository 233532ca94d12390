import { Types } from 'mongoose';
import type { TeamCreate, TeamPatch, TeamView } from '../../shared/schemas/teams.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Models } from '../db/models.js';
import type { EventBus } from '../events.js';
import { AppError, invalid, refused } from '../http/errors.js';
import { archiveRefusal } from './team-rules.js';
import type { TeamDoc } from './team.model.js';

type TeamRecord = Pick<TeamDoc, 'name' | 'displayName' | 'supervisors' | 'archived'>;

export const teamNotFound = (name: string) => new AppError('TEAM_NOT_FOUND', `no team named ${name}`, 404, undefined, { team: name });

/**
 * The only writer of `teams`: create, rename (the display name), set supervisors, archive or bring
 * back. Each write is audited with before and after and publishes `team:changed`. A team still
 * holding people is never archived (they would belong to a team nobody can pick).
 */
export function createTeamRepository(models: Models, bus: EventBus, audit: AuditService) {
  const { Team, User } = models;
  const entity = (name: string) => ({ type: 'setting' as const, id: `team.${name}` });

  /** Teams as the screen shows them: supervisors by name, how many users are in each. */
  async function views(docs: TeamRecord[]): Promise<TeamView[]> {
    const ids = [...new Set(docs.flatMap((d) => d.supervisors.map(String)))];
    const [people, counts] = await Promise.all([
      User.find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } }, { username: 1, displayName: 1 }).lean(),
      User.aggregate<{ _id: string; n: number }>([{ $match: { team: { $in: docs.map((d) => d.name) } } }, { $group: { _id: '$team', n: { $sum: 1 } } }]),
    ]);
    const byId = new Map(people.map((p) => [String(p._id), { id: String(p._id), username: p.username, displayName: p.displayName ?? undefined }]));
    const count = new Map(counts.map((c) => [c._id, c.n]));
    return docs.map((d) => ({
      name: d.name,
      displayName: d.displayName,
      supervisors: d.supervisors.map((id) => byId.get(String(id))).filter((s) => s !== undefined),
      archived: !!d.archived,
      memberCount: count.get(d.name) ?? 0,
    }));
  }

  async function one(name: string): Promise<TeamView> {
    const doc = await Team.findOne({ name }).lean();
    if (!doc) throw teamNotFound(name);
    return (await views([doc]))[0]!;
  }

  /** Supervisors must be users with the supervisor role: anyone else would gain nothing, or an admin nothing they lack. */
  async function checkSupervisors(ids: string[]): Promise<Types.ObjectId[]> {
    const unique = [...new Set(ids)];
    const found = await User.find({ _id: { $in: unique.map((id) => new Types.ObjectId(id)) }, role: 'supervisor' }, { _id: 1 }).lean();
    const ok = new Set(found.map((u) => String(u._id)));
    const wrong = unique.find((id) => !ok.has(id));
    if (wrong) throw invalid('NOT_A_SUPERVISOR', `user ${wrong} is not a supervisor`, { user: wrong });
    return unique.map((id) => new Types.ObjectId(id));
  }

  const changed = (team: TeamView) => {
    bus.emit('team:changed', { team });
    return team;
  };

  return {
    async list(): Promise<TeamView[]> {
      return views(await Team.find({}).sort({ name: 1 }).lean());
    },
    one,
    /** Whether any team exists: until one does, users' teams are free text (a console from before teams). */
    async any(): Promise<boolean> {
      return !!(await Team.exists({}));
    },
    /** The team as a user's record may name it now: active ones only. */
    async active(name: string): Promise<boolean> {
      return !!(await Team.exists({ name, archived: false }));
    },
    /** The active teams that list this supervisor. */
    async supervisedBy(userId: string): Promise<string[]> {
      return (await Team.find({ supervisors: new Types.ObjectId(userId), archived: false }, { name: 1 }).sort({ name: 1 }).lean()).map((t) => t.name);
    },

    async create(input: TeamCreate, actor: TokenClaims): Promise<TeamView> {
      const supervisors = await checkSupervisors(input.supervisors);
      const taken = () => refused('TEAM_NAME_TAKEN', `a team named ${input.name} exists already`, { team: input.name });
      if (await Team.exists({ name: input.name })) throw taken();
      await Team.create({ name: input.name, displayName: input.displayName, supervisors, updatedBy: actor.username }).catch((err: { code?: number }) => {
        throw err.code === 11000 ? taken() : err;
      });
      const team = await one(input.name);
      await audit.record({ actor, action: 'team.created', entity: entity(team.name), after: team });
      return changed(team);
    },

    async update(name: string, patch: TeamPatch, actor: TokenClaims): Promise<TeamView> {
      const before = await one(name);
      const set: Record<string, unknown> = { updatedBy: actor.username };
      if (patch.displayName !== undefined) set.displayName = patch.displayName;
      if (patch.supervisors !== undefined) set.supervisors = await checkSupervisors(patch.supervisors);
      if (patch.archived !== undefined) set.archived = patch.archived;
      if (patch.archived === true && !before.archived) {
        const why = archiveRefusal(name, await User.countDocuments({ team: name }));
        if (why) throw refused(why.code, why.message, why.params);
      }
      await Team.updateOne({ name }, { $set: set });
      const after = await one(name);
      const action = patch.archived === true && !before.archived ? 'team.archived' : patch.archived === false && before.archived ? 'team.restored' : 'team.changed';
      await audit.record({ actor, action, entity: entity(name), before, after });
      return changed(after);
    },
  };
}
export type TeamRepository = ReturnType<typeof createTeamRepository>;
