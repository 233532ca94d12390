import { z } from 'zod';
import { type MemberPatch, type TeamCreate, TeamList, TeamMember, TeamMemberList, type TeamPatch, TeamView } from '@shared/schemas/teams';
import { UserList } from '@shared/schemas/users';
import { http } from '@/api/http';

const team = (name: string) => `/api/teams/${encodeURIComponent(name)}`;

export const teamsApi = {
  list: () => http.get('/api/teams', TeamList),
  /** The teams whose agents the caller may change (a supervisor's; none for an admin, who may change anyone). */
  mine: () => http.get('/api/teams/mine', z.array(z.string())),
  create: (body: TeamCreate) => http.post('/api/teams', body, TeamView),
  update: (name: string, body: TeamPatch) => http.patch(team(name), body, TeamView),
  members: (name: string) => http.get(`${team(name)}/members`, TeamMemberList),
  changeMember: (userId: string, body: MemberPatch) => http.patch(`/api/teams/members/${userId}`, body, TeamMember),
  /** Admins pick supervisors from the users (only admins may read them). */
  users: () => http.get('/api/users', UserList),
  /** The queues the console knows of: the skills offered. */
  queues: () => http.get('/api/queues', z.array(z.string())),
};
