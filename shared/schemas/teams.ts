import { z } from 'zod';
import { isObjectIdString } from './common.js';
import { Role } from './auth.js';

/**
 * Teams: a name agents' records refer to (`user.team`), a display name people read, the supervisors
 * who run it (their reports and the skills of its agents), and whether it is archived (kept for history,
 * offered to nobody). The name never changes once created: renaming changes the display name.
 */
export const TeamName = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{1,47}$/, 'a team name is 2–48 lower-case letters, digits or dashes, starting with a letter or digit');

/** A queue an agent takes calls for (as callbacks and queue hours name queues). */
export const Skill = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{0,47}$/i, 'a skill is a queue name: 1–48 letters, digits, dots, dashes or underscores');

const UserId = z.string().refine(isObjectIdString, 'a user id');

export const TeamCreate = z
  .object({
    name: TeamName,
    displayName: z.string().trim().min(1).max(80),
    supervisors: z.array(UserId).max(20).default([]),
  })
  .strict();
export type TeamCreate = z.infer<typeof TeamCreate>;

export const TeamPatch = z
  .object({
    displayName: z.string().trim().min(1).max(80).optional(),
    supervisors: z.array(UserId).max(20).optional(),
    archived: z.boolean().optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });
export type TeamPatch = z.infer<typeof TeamPatch>;

export const TeamView = z.object({
  name: z.string(),
  displayName: z.string(),
  supervisors: z.array(z.object({ id: z.string(), username: z.string(), displayName: z.string().optional() })),
  archived: z.boolean(),
  /** Users whose record names this team. */
  memberCount: z.number().int().min(0),
});
export type TeamView = z.infer<typeof TeamView>;
export const TeamList = z.array(TeamView);

/** The Teams screen's filters, the same for the list and its CSV export. */
export const TeamFilter = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(['active', 'archived']).optional(),
});
export type TeamFilter = z.infer<typeof TeamFilter>;

/** Whether a team passes the filters: text in its name, display name or a supervisor's name; active or archived. */
export function matchesTeamFilter(t: TeamView, f: TeamFilter): boolean {
  const text = f.q?.toLowerCase();
  const words = [t.name, t.displayName, ...t.supervisors.flatMap((s) => [s.username, s.displayName])];
  return (!text || words.some((v) => v?.toLowerCase().includes(text))) && (!f.status || (f.status === 'archived') === t.archived);
}

/** An agent of a team, with the queues they take. */
export const TeamMember = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string().optional(),
  role: Role,
  /** Queues this user takes calls for; empty means any. */
  skills: z.array(z.string()),
  disabled: z.boolean(),
});
export type TeamMember = z.infer<typeof TeamMember>;
export const TeamMemberList = z.array(TeamMember);

/** An admin's (or the team's supervisor's) change of an agent: the queues they take, the team they are in. */
export const MemberPatch = z
  .object({
    skills: z
      .array(Skill)
      .max(50)
      .refine((s) => new Set(s).size === s.length, 'a skill is listed twice')
      .optional(),
    team: TeamName.optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });
export type MemberPatch = z.infer<typeof MemberPatch>;
