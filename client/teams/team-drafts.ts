import { MemberPatch, TeamCreate } from '@shared/schemas/teams';

/** A field of a form and what is wrong with it (a `teams.problems.*` key). */
export type Problems = Partial<Record<string, 'name' | 'displayName' | 'skills' | 'skillTwice'>>;

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: Problems };

/** The create form checked with the shared schema the server applies, worded by field. */
export function checkNewTeam(draft: { name: string; displayName: string; supervisors: string[] }): Checked<TeamCreate> {
  const parsed = TeamCreate.safeParse({ name: draft.name.trim(), displayName: draft.displayName.trim(), supervisors: draft.supervisors });
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems: Problems = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (field === 'name' || field === 'displayName') problems[field] = field;
  }
  return { ok: false, problems };
}

/** "sales, service" as the list of skills the agent takes, in the order typed. */
export const skillsOf = (text: string): string[] =>
  text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** An agent's skills typed as text, checked with the shared schema. */
export function checkSkills(text: string): Checked<string[]> {
  const skills = skillsOf(text);
  const parsed = MemberPatch.safeParse({ skills });
  if (parsed.success) return { ok: true, value: skills };
  const twice = new Set(skills).size !== skills.length;
  return { ok: false, problems: { skills: twice ? 'skillTwice' : 'skills' } };
}
