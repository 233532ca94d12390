import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/schemas/common.js';
import { addAdmin } from '../access/support.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp();
  await seedFixtures(t.models);
  admin = (await addAdmin(t)).token;
});
afterAll(() => t.close());

/** Refused requests carry a specific code and its parameters (what the console words), beside the English message. */
describe('error codes with parameters', () => {
  it('a validation error is VALIDATION naming each refused field and its issue', async () => {
    const res = await t.api<ApiError>('POST', '/api/users', { token: admin, body: { username: 'x', role: 'pilot' } });
    expect(res.status).toBe(400);
    expect(ApiError.parse(res.body).error.code).toBe('VALIDATION');
    expect(res.body.error.message).toMatch(/^invalid /);
    const params = res.body.error.params as { what: string; issues: Array<{ field: string; issue: string }> };
    expect(params.issues).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'role', issue: 'invalid_value' })]));
  });

  it('a missing field is "required"', async () => {
    const res = await t.api<ApiError>('POST', '/api/auth/login', { body: { username: 'agent' } });
    expect(res.body.error).toMatchObject({ code: 'VALIDATION', params: { what: 'login', issues: [{ field: 'password', issue: 'required' }] } });
  });

  it('a missing record is NOT_FOUND with what it was', async () => {
    const res = await t.api<ApiError>('PATCH', '/api/users/0123456789abcdef01234567', { token: admin, body: { displayName: 'Nobody' } });
    expect(res).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'user not found', params: { what: 'user' } } } });
  });

  it('a taken username is USERNAME_TAKEN with the name; a wrong password is LOGIN_WRONG', async () => {
    const res = await t.api<ApiError>('POST', '/api/users', { token: admin, body: { username: 'agent', role: 'agent' } });
    expect(res).toMatchObject({ status: 409, body: { error: { code: 'USERNAME_TAKEN', params: { username: 'agent' } } } });
    const login = await t.api<ApiError>('POST', '/api/auth/login', { body: { username: 'agent', password: 'not it at all' } });
    expect(login).toMatchObject({ status: 401, body: { error: { code: 'LOGIN_WRONG', message: 'wrong username or password' } } });
  });

  it('a common new password is PASSWORD_TOO_COMMON, a short one PASSWORD_TOO_SHORT with the minimum', async () => {
    const agent = await t.login('agent');
    const common = await t.api<ApiError>('POST', '/api/auth/password', { token: agent.token, body: { currentPassword: 'demo', newPassword: 'password1234' } });
    expect(common.body.error).toMatchObject({ code: 'PASSWORD_TOO_COMMON' });
    const short = await t.api<ApiError>('POST', '/api/auth/password', { token: agent.token, body: { currentPassword: 'demo', newPassword: 'short' } });
    expect(short.body.error.code).toMatch(/^(PASSWORD_TOO_SHORT|VALIDATION)$/);
    const wrong = await t.api<ApiError>('POST', '/api/auth/password', { token: agent.token, body: { currentPassword: 'not the one', newPassword: 'a-much-longer-passphrase' } });
    expect(wrong.body.error).toMatchObject({ code: 'PASSWORD_WRONG', message: 'the current password is not right' });
  });
});
