import { hashPassword } from '../../server/auth/password.js';
import type { TestApp } from '../support/app.js';

/** An admin login of its own: the shared fixtures have agents, a supervisor and a telemarketer only. */
export async function adminToken(t: TestApp): Promise<string> {
  await t.models.User.create({ username: 'admin', role: 'admin', passwordHash: await hashPassword('demo') });
  return (await t.login('admin')).token;
}
