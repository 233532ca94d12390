import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedDb, type EmbeddedDb } from '../../server/embedded-db/server.js';
import { spawnConsole } from '../support/console-process.js';

let db: EmbeddedDb | undefined;
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await db?.close();
});

const login = (base: string, username: string, password: string) =>
  fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

describe('a production start on a directory seeded for a demo', () => {
  it('refuses agent/demo and every other demo login', async () => {
    db = await startEmbeddedDb();
    const uri = `${db.uri}/console`;
    const demo = await spawnConsole({ MONGODB_URI: uri, DEMO_MODE: 'true', SEED_CUSTOMERS: '20' }, (c) => children.push(c));
    expect((await login(demo.base, 'agent', 'demo')).status).toBe(200);
    const exited = once(demo.child, 'exit');
    demo.child.kill('SIGTERM');
    await exited;

    const production = await spawnConsole(
      {
        MONGODB_URI: uri,
        NODE_ENV: 'production',
        JWT_SECRET: 'Zq8vN2kL5xR1tW7yB4mC9pD3fG6hJ0sA2uE5iO8',
        CTI_SECRET: 'Hc4Tn9Vb2Lm7Qw1Er6Ty3Ui8Op5As0Df2Gh9Jk4',
        LOG_LEVEL: 'warn',
      },
      (c) => children.push(c),
    );
    for (const username of ['agent', 'agent2', 'telemarketer', 'supervisor', 'admin']) {
      expect((await login(production.base, username, 'demo')).status, username).toBe(401);
    }
  }, 120_000);
});
