import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { disableDemoLogins } from '../../server/auth/demo-logins.js';
import { demoCaller } from '../../server/demo/demo.routes.js';
import { callScenario, countryOfQueue, LANGUAGE_QUEUES } from '../../server/demo/simulator.js';
import { DEFAULT_NOW } from '../../server/seed/generate.js';
import { seedDemoData } from '../../server/seed/seed.js';
import { eventually, startTestApp, type TestApp } from '../support/app.js';

/*
 * The demo directory has one agent per console language, each on the language's queue; the simulator
 * calls a language queue from customers of the language's country, so the Persian agent gets Iranian
 * customers, in Persian.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemoData(t.models, { customers: 300, now: DEFAULT_NOW });
}, 120_000);
afterAll(() => t?.close());

describe('demo agents per language', () => {
  it('seeds agent-en, agent-fa, agent-zh, agent-ro and agent-hu, each speaking their language, on its queue', async () => {
    const users = await t.models.User.find({ username: /^agent-/ }, { username: 1, language: 1, skills: 1, role: 1 }).sort({ username: 1 }).lean();
    expect(users.map((u) => ({ username: u.username, language: u.language, skills: [...u.skills], role: u.role }))).toEqual([
      { username: 'agent-en', language: 'en', skills: ['en'], role: 'agent' },
      { username: 'agent-fa', language: 'fa', skills: ['fa'], role: 'agent' },
      { username: 'agent-hu', language: 'hu', skills: ['hu'], role: 'agent' },
      { username: 'agent-ro', language: 'ro', skills: ['ro'], role: 'agent' },
      { username: 'agent-zh', language: 'zh-CN', skills: ['zh'], role: 'agent' },
    ]);
    // Their language is what the console speaks to them from the first log-in.
    const login = await t.api<{ user: { language?: string } }>('POST', '/api/auth/login', { body: { username: 'agent-fa', password: 'demo' } });
    expect(login.body.user.language).toBe('fa');
    expect(LANGUAGE_QUEUES).toEqual({ en: 'GB', fa: 'IR', zh: 'CN', ro: 'RO', hu: 'HU' });
  });

  it('pops a simulated call to the Persian queue on agent-fa, with an Iranian customer written in Persian', async () => {
    // Both agents are available; only agent-fa has the fa skill.
    const screens = await Promise.all(
      ['agent', 'agent-fa'].map(async (username) => {
        const screen = await t.agentSocket((await t.login(username)).token);
        expect(await screen.socket.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data.state', 'available');
        return screen;
      }),
    );
    const [agent, agentFa] = screens;

    let n = 0;
    const from = await demoCaller(t.models, 'phone', countryOfQueue('fa'), () => [0.5, 0.3][n++ % 2]!);
    const [ringing] = callScenario(from, { queue: 'fa', speed: 1000 });
    expect((await t.cti(ringing!.event)).status).toBeLessThan(300);

    const pop = await eventually(() => agentFa!.pops[0], 10_000, 'the pop on agent-fa');
    expect(pop.queue).toBe('fa');
    expect(pop.customer?.profile.addresses[0]?.country).toBe('IR');
    expect(pop.customer?.profile.displayName).toMatch(/^[\u0600-\u06FF\u200C ]+$/);
    await t.idle();
    expect(agent!.pops).toEqual([]);
  });

  it('keeps the demo rule: outside demo mode, the language agents still on the published password are disabled too', async () => {
    const disabled = await disableDemoLogins(t.models, pino({ level: 'silent' }));
    expect(disabled).toEqual(expect.arrayContaining(['agent-en', 'agent-fa', 'agent-zh', 'agent-ro', 'agent-hu']));
    expect((await t.api('POST', '/api/auth/login', { body: { username: 'agent-fa', password: 'demo' } })).status).toBe(401);
  });
});
