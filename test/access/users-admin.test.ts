import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../shared/schemas/auth.js';
import type { TemporaryPassword, UserView } from '../../shared/schemas/users.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';
import { addAdmin } from './support.js';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp();
  await seedFixtures(t.models);
  admin = (await addAdmin(t)).token;
});
afterAll(() => t.close());

const login = (username: string, password: string) => t.api<LoginResponse>('POST', '/api/auth/login', { body: { username, password } });

describe('users, managed by admins', () => {
  it('creates a user with a temporary password that opens nothing but choosing their own', async () => {
    const created = await t.api<TemporaryPassword>('POST', '/api/users', { token: admin, body: { username: 'newbie', role: 'agent', displayName: 'New Bie', team: 'inbound-north' } });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ username: 'newbie', role: 'agent', team: 'inbound-north', disabled: false, mustChangePassword: true });
    expect(created.body.temporaryPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    expect((await t.api('POST', '/api/users', { token: admin, body: { username: 'newbie', role: 'agent' } })).status).toBe(409);

    const first = await login('newbie', created.body.temporaryPassword);
    expect(first.body.user.mustChangePassword).toBe(true);
    expect(await t.api('GET', '/api/customers?q=ada', { token: first.body.token })).toMatchObject({ status: 403, body: { error: { code: 'PASSWORD_CHANGE_REQUIRED' } } });

    const change = (currentPassword: string, newPassword: string) => t.api<LoginResponse>('POST', '/api/auth/password', { token: first.body.token, body: { currentPassword, newPassword } });
    expect((await change('wrong', 'a much better passphrase')).body).toMatchObject({ error: { message: 'the current password is not right' } });
    expect((await change(created.body.temporaryPassword, 'password1234')).body).toMatchObject({ error: { message: expect.stringMatching(/most common/) } });
    const changed = await change(created.body.temporaryPassword, 'a much better passphrase');
    expect(changed.status).toBe(200);
    expect(changed.body.user.mustChangePassword).toBeUndefined();
    expect((await t.api('GET', '/api/customers?q=ada', { token: changed.body.token })).status).toBe(200);
    // The temporary session is over; the temporary password too.
    expect((await t.api('GET', '/api/customers?q=ada', { token: first.body.token })).status).toBe(401);
    expect((await login('newbie', created.body.temporaryPassword)).status).toBe(401);
  });

  it('changes a role (ending the sessions that carried the old one), resets a password, and audits each without a password', async () => {
    const created = await t.api<TemporaryPassword>('POST', '/api/users', { token: admin, body: { username: 'mover', role: 'agent' } });
    const id = created.body.user.id;
    const session = await login('mover', created.body.temporaryPassword);
    const screen = await t.agentSocket(session.body.token);
    const cut = new Promise((r) => screen.socket.once('disconnect', r));

    const promoted = await t.api<UserView>('PATCH', `/api/users/${id}`, { token: admin, body: { role: 'supervisor', team: 'floor-2' } });
    expect(promoted.body).toMatchObject({ role: 'supervisor', team: 'floor-2' });
    await cut;
    expect((await t.api('POST', '/api/auth/password', { token: session.body.token, body: { currentPassword: created.body.temporaryPassword, newPassword: 'x' } })).status).toBe(401);

    const reset = await t.api<TemporaryPassword>('POST', `/api/users/${id}/reset-password`, { token: admin });
    expect(reset.body.user.mustChangePassword).toBe(true);
    expect((await login('mover', created.body.temporaryPassword)).status).toBe(401);
    expect((await login('mover', reset.body.temporaryPassword)).body.user).toMatchObject({ role: 'supervisor', mustChangePassword: true });

    const audit = await t.api<{ items: Array<{ action: string; entity: { id: string } }> }>('GET', `/api/audit?entity=${id}`, { token: admin });
    expect(audit.body.items.map((e) => e.action).sort()).toEqual(['user.changed', 'user.created', 'user.password-reset']);
    expect(JSON.stringify(audit.body)).not.toContain(reset.body.temporaryPassword);

    const list = await t.api<UserView[]>('GET', '/api/users', { token: admin });
    expect(list.body.find((u) => u.username === 'mover')).toMatchObject({ role: 'supervisor', team: 'floor-2', mustChangePassword: true });
  });

  it('refuses user management to every role but admin', async () => {
    for (const role of ['agent', 'telemarketer', 'supervisor'] as const) {
      const token = (await t.login(role)).token;
      expect((await t.api('POST', '/api/users', { token, body: { username: `by-${role}`, role: 'admin' } })).status).toBe(403);
    }
    expect(await t.models.User.countDocuments({ username: /^by-/ })).toBe(0);
  });

  it('lets every user change their own password, ending their other sessions', async () => {
    await t.models.User.create({ username: 'self-serve', role: 'telemarketer', passwordHash: (await t.models.User.findOne({ username: 'agent' }).lean())!.passwordHash });
    const desk = (await t.login('self-serve')).token;
    const phone = (await t.login('self-serve')).token;
    const changed = await t.api<LoginResponse>('POST', '/api/auth/password', { token: desk, body: { currentPassword: 'demo', newPassword: 'lighthouse meadow quartz' } });
    expect(changed.status).toBe(200);
    expect((await t.api('GET', '/api/campaigns', { token: phone })).status).toBe(401);
    expect((await t.api('GET', '/api/campaigns', { token: changed.body.token })).status).toBe(200);
    expect((await login('self-serve', 'lighthouse meadow quartz')).status).toBe(200);
  });
});
