import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../server/seed/generate.js';
import { demoTeams } from '../../server/teams/demo-teams.js';

describe('the demo teams', () => {
  it('are the demo users’ teams, once each, with readable names', () => {
    const teams = demoTeams(DEMO_USERS.map((u) => ('team' in u ? u.team : undefined)));
    expect(teams.map((t) => [t.name, t.displayName])).toEqual([
      ['inbound-north', 'Inbound north'],
      ['inbound-south', 'Inbound south'],
      ['languages', 'Languages'],
      ['outbound', 'Outbound'],
    ]);
  });
});
