import { hashPassword } from '../../server/auth/password.js';
import type { TestApp } from '../support/app.js';

/** The fixtures have no admin: tests of the back office add one. */
export async function addAdmin(t: TestApp, username = 'admin') {
  await t.models.User.create({ username, role: 'admin', passwordHash: await hashPassword('demo') });
  return t.login(username);
}
