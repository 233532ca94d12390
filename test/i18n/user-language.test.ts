import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse, PublicUser } from '../../shared/schemas/auth.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await seedFixtures(t.models);
});
afterAll(() => t.close());

const login = (username: string) => t.api<LoginResponse>('POST', '/api/auth/login', { body: { username, password: 'demo' } });

describe('each user speaks their own language', () => {
  it('keeps the language a user chooses and brings it back at their next login', async () => {
    const first = await login('agent');
    expect(first.body.user.language).toBeUndefined();
    const chosen = await t.api<PublicUser>('PUT', '/api/auth/language', { token: first.body.token, body: { language: 'fa' } });
    expect(chosen).toMatchObject({ status: 200, body: { username: 'agent', language: 'fa' } });
    expect((await login('agent')).body.user.language).toBe('fa');
    // Another user's choice is theirs alone.
    expect((await login('agent2')).body.user.language).toBeUndefined();
  });

  it('refuses a language the console does not speak, with the reason, and changes nothing', async () => {
    const { token } = (await login('supervisor')).body;
    await t.api('PUT', '/api/auth/language', { token, body: { language: 'zh-CN' } });
    for (const body of [{ language: 'de' }, { language: 'FA' }, { language: 42 }, {}, { language: 'zh-CN', role: 'admin' }]) {
      const answer = await t.api<{ error: { code: string; message: string } }>('PUT', '/api/auth/language', { token, body });
      if ('role' in body) {
        // Extra fields are not applied: only the language changes, never the role.
        expect((await login('supervisor')).body.user.role).toBe('supervisor');
        continue;
      }
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toMatch(/language/);
    }
    expect((await login('supervisor')).body.user.language).toBe('zh-CN');
  });

  it('needs a signed-in user', async () => {
    expect((await t.api('PUT', '/api/auth/language', { body: { language: 'ro' } })).status).toBe(401);
  });
});
