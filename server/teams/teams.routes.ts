import { Router } from 'express';
import { MemberPatch, TeamCreate, TeamFilter, TeamName, TeamPatch, matchesTeamFilter } from '../../shared/schemas/teams.js';
import { currentUser } from '../auth/auth.middleware.js';
import { csvLine } from '../http/csv.js';
import { download } from '../http/download.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import type { TeamMembers } from './team-members.js';
import type { TeamRepository } from './teams.repository.js';

const CSV_COLUMNS = ['name', 'displayName', 'supervisors', 'members', 'status'] as const;

/**
 * Teams: the back office reads them (and their people); admins create, rename, archive them and set
 * their supervisors; an admin, or a supervisor for the agents of their own teams, changes an agent's
 * skills and team. Writes are audited by the repository and the members service.
 */
export function teamRoutes(teams: TeamRepository, members: TeamMembers) {
  const r = Router();
  const nameOf = (value: unknown) => parse(TeamName, value, 'team');
  const filtered = async (query: unknown) => {
    const filter = parse(TeamFilter, query, 'filters');
    return (await teams.list()).filter((t) => matchesTeamFilter(t, filter));
  };

  r.get(
    '/teams',
    handle((req) => filtered(req.query)),
  );
  r.get(
    '/teams/export',
    download(async (req) => {
      const list = await filtered(req.query);
      return {
        filename: 'teams.csv',
        contentType: 'text/csv; charset=utf-8',
        lines: (async function* () {
          yield csvLine(CSV_COLUMNS);
          for (const t of list)
            yield csvLine([t.name, t.displayName, t.supervisors.map((s) => s.username).join(' '), t.memberCount, t.archived ? 'archived' : 'active']);
        })(),
      };
    }),
  );
  r.get(
    '/teams/mine',
    handle((req) => members.supervises(currentUser(req))),
  );
  r.post('/teams', handle((req) => teams.create(parse(TeamCreate, req.body, 'team'), currentUser(req)), 201));
  r.patch(
    '/teams/:name',
    handle((req) => teams.update(nameOf(req.params.name), parse(TeamPatch, req.body, 'team update'), currentUser(req))),
  );
  r.get(
    '/teams/:name/members',
    handle((req) => members.members(nameOf(req.params.name))),
  );
  r.patch(
    '/teams/members/:userId',
    handle((req) => members.change(parseId(req.params.userId, 'user id'), parse(MemberPatch, req.body, 'member update'), currentUser(req))),
  );
  return r;
}
