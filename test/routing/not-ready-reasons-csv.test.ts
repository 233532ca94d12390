import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAdmin } from '../access/support.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let admin: string;
let agent: string;

beforeAll(async () => {
  t = await startTestApp();
  await seedFixtures(t.models);
  admin = (await addAdmin(t)).token;
  agent = (await t.login('agent')).token;
});
afterAll(() => t.close());

describe('the not-ready reasons as CSV', () => {
  it('lists them in the agents’ order with their state, a label that looks like a formula kept as text', async () => {
    // As the admin's screen sends it: the whole list, the others archived after the two offered.
    const defaults = (await t.api<Array<{ code: string; label: string }>>('GET', '/api/agent-states/reasons', { token: admin })).body;
    const put = await t.api('PUT', '/api/agent-states/reasons', {
      token: admin,
      body: [
        { code: 'lunch', label: 'Lunch', active: true },
        { code: 'sums', label: '=SUM(A1:A9)', active: true },
        ...defaults.filter((r) => r.code !== 'lunch').map((r) => ({ ...r, active: false })),
      ],
    });
    expect(put.status).toBe(200);
    const res = await fetch(`${t.base}/api/agent-states/reasons?format=csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await res.text()).trim().split(/\r?\n/);
    expect(lines.slice(0, 3)).toEqual(['position,code,label,status', '1,lunch,Lunch,active', "2,sums,'=SUM(A1:A9),active"]);
    expect(lines.slice(3).every((l) => l.endsWith(',archived'))).toBe(true);
    expect(lines).toHaveLength(3 + 5);
  });

  it('refuses an unknown format with a clear 400, and stays JSON for agents’ menus', async () => {
    const bad = await t.api<{ error: { code: string } }>('GET', '/api/agent-states/reasons?format=xls', { token: agent });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
    const json = await t.api<Array<{ code: string }>>('GET', '/api/agent-states/reasons', { token: agent });
    expect(json.body.slice(0, 2).map((r) => r.code)).toEqual(['lunch', 'sums']);
  });
});
