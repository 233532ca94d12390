/**
 * The teams the demo users are in (server/seed/generate.ts DEMO_USERS), as the seed stores them: a
 * fresh demo console starts with its users' teams on the Teams screen, so the check that a user's
 * team exists holds from the first start. No supervisors: the demo supervisor runs the whole floor
 * until an admin gives teams theirs.
 */
export function demoTeams(userTeams: ReadonlyArray<string | undefined>): Array<{ name: string; displayName: string; supervisors: []; updatedBy: string }> {
  const names = [...new Set(userTeams.filter((t): t is string => !!t))].sort();
  // `inbound-north` reads "Inbound north".
  const display = (name: string) => name.charAt(0).toUpperCase() + name.slice(1).replace(/-/g, ' ');
  return names.map((name) => ({ name, displayName: display(name), supervisors: [], updatedBy: 'system' }));
}
