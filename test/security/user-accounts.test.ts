import { spawnSync } from 'node:child_process';
import path from 'node:path';
import mongoose from 'mongoose';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { disableDemoLogins } from '../../server/auth/demo-logins.js';
import { hashPassword } from '../../server/auth/password.js';
import { passwordProblem } from '../../server/auth/password-policy.js';
import { createApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { capturingLogger } from '../abuse/support.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startDbProcess } from '../support/db-process.js';
import { seedFixtures } from '../support/fixtures.js';
import { cleanupsAfterEach } from '../support/cleanups.js';

const root = path.resolve(import.meta.dirname, '../..');
const { defer, tmpDir } = cleanupsAfterEach('users-');

describe('password policy', () => {
  it.each([
    ['short1!', 'a password needs at least 12 characters'],
    ['boss-and-more-letters', 'may not contain the username'],
    ['password1234', 'one of the most common'],
    ['Password123!', 'one of the most common'],
    ['aaaaaaaaaaaaaaab', 'more different characters'],
    ['correct horse battery staple', undefined],
  ])('%s → %s', (password, problem) => {
    const found = passwordProblem(password, 'boss');
    if (problem) expect(found).toContain(problem);
    else expect(found).toBeUndefined();
  });
});

describe('demo logins outside demo mode', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('disables every demo user still on the published password, with a warning naming them; a demo name given a real password keeps working', async () => {
    t = await startTestApp({ demoMode: false });
    await seedFixtures(t.models);
    await t.models.User.updateOne({ username: 'supervisor' }, { $set: { passwordHash: await hashPassword('a real and long passphrase') } });
    const before = await t.login('agent');
    const log = capturingLogger();
    const disabled = await disableDemoLogins(t.models, log.logger);
    expect(disabled.sort()).toEqual(['agent', 'agent2', 'telemarketer']);
    expect(log.since(0, /demo logins disabled.*agent, agent2, telemarketer|demo logins disabled/)).toHaveLength(1);
    expect((await t.api('POST', '/api/auth/login', { body: { username: 'agent', password: 'demo' } })).status).toBe(401);
    // Tokens issued before are revoked with it.
    expect((await t.api('GET', '/api/customers?q=ada', { token: before.token })).status).toBe(401);
    expect((await t.api('POST', '/api/auth/login', { body: { username: 'supervisor', password: 'a real and long passphrase' } })).status).toBe(200);
  });
});

function userCli(dir: string, args: string[], input: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'server/auth/user-cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, DB_DIR: dir, DB_PORT: '0', MONGODB_URI: '' },
    input,
    encoding: 'utf8',
  });
}

describe('npm run user', () => {
  it('creates the first admin of a real deployment, refuses weak passwords, changes passwords and disables users', async () => {
    const dir = tmpDir();

    const weak = userCli(dir, ['create', 'boss', '--role', 'admin'], 'password1234\n');
    expect(weak.status).toBe(2);
    expect(weak.stderr).toMatch(/most common/);
    expect(userCli(dir, ['create', 'boss', '--role', 'emperor'], 'x\n').stderr).toMatch(/--role must be one of/);
    const created = userCli(dir, ['create', 'boss', '--role', 'admin', '--name', 'The Boss'], 'tangerine submarine orbit\n');
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/created boss \(admin\)/);
    expect(userCli(dir, ['create', 'desk', '--role', 'agent'], 'violet harbour lantern\n').status).toBe(0);

    // The console on that directory: the admin logs in, sees the users.
    const db = await startDbProcess(dir);
    defer(() => db.stop());
    const conn = await mongoose.createConnection(db.uri, { dbName: 'console' }).asPromise();
    defer(() => conn.close());
    const app = await createApp({ config: testConfig({ demoMode: false }), conn, logger: pino({ level: 'silent' }) });
    defer(() => app.close());
    const base = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
    defer(() => new Promise((r) => app.server.close(r)));
    const login = (username: string, password: string) =>
      fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    const res = await login('boss', 'tangerine submarine orbit');
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const users = (await (await fetch(`${base}/api/users`, { headers: { authorization: `Bearer ${token}` } })).json()) as Array<{ username: string; role: string }>;
    expect(users.map((u) => `${u.username}:${u.role}`)).toEqual(['boss:admin', 'desk:agent']);
    await conn.close();
    await db.stop();

    expect(userCli(dir, ['passwd', 'desk'], 'emerald canyon whistle\n').stdout).toMatch(/every earlier session of desk has ended/);
    expect(userCli(dir, ['disable', 'boss'], '').stdout).toMatch(/boss disabled/);
    expect(userCli(dir, ['list'], '').stdout).toMatch(/boss\s+admin\s+disabled\n.*desk\s+agent\s+active/s);
  }, 60_000);
});
