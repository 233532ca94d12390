import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/schemas/auth.js';
import { ROLES, ROUTE_RULES, SOCKET_RULES, roleMatrixMarkdown, ruleFor } from '../../server/access/role-matrix.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';
import { addAdmin } from './support.js';
import fs from 'node:fs';

let t: TestApp;
let fx: Awaited<ReturnType<typeof seedFixtures>>;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  t = await startTestApp();
  fx = await seedFixtures(t.models);
  for (const role of ['agent', 'telemarketer', 'supervisor'] as const) tokens[role] = (await t.login(role)).token;
  tokens.admin = (await addAdmin(t)).token;
});
afterAll(() => t.close());

/** Every route mounted in the app, as METHOD path (Express 5 router introspection). */
function mountedRoutes(): string[] {
  const out: string[] = [];
  const walk = (stack: Array<{ route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown } }>) => {
    for (const layer of stack) {
      if (layer.route) for (const m of Object.keys(layer.route.methods)) out.push(`${m.toUpperCase()} ${layer.route.path}`);
      else if (Array.isArray(layer.handle?.stack)) walk(layer.handle.stack as typeof stack);
    }
  };
  walk((t.app.app as unknown as { router: { stack: Parameters<typeof walk>[0] } }).router.stack);
  return out.filter((r) => !r.includes('*') && !r.startsWith('GET /^'));
}

describe('role matrix', () => {
  it('lists every mounted API route', () => {
    const routes = mountedRoutes();
    expect(routes.length).toBeGreaterThan(15);
    const missing = routes.filter((r) => {
      const [method, path] = r.split(' ');
      return !ruleFor(method, path.replace(/:[^/]+/g, 'x'));
    });
    expect(missing).toEqual([]);
  });

  it('docs/roles.md is the table as generated', () => {
    expect(fs.readFileSync(new URL('../../docs/roles.md', import.meta.url), 'utf8')).toBe(roleMatrixMarkdown());
  });

  // A plausible request for each route: allowed roles must get past the gate (never 401/403),
  // refused roles must get 403 and change nothing.
  const sample = (path: string) =>
    path
      .replace(':jobId', 'job-1')
      .replace(':sku', 'DW-100')
      .replace(':id', '5f0000000000000000000000');

  // Logout ends the caller's sessions: it has tests of its own (test/abuse/http.test.ts).
  const cases = ROUTE_RULES.filter((r) => Array.isArray(r.access) && r.path !== '/auth/logout').flatMap((rule) =>
    ROLES.map((role) => ({ rule, role, allowed: (rule.access as Role[]).includes(role) })),
  );

  it.each(cases)('$rule.method $rule.path as $role → allowed: $allowed', async ({ rule, role, allowed }) => {
    const body = rule.method === 'GET' ? undefined : rule.path === '/demo/simulate' ? { calls: 0, chats: 0 } : {};
    const raw = await fetch(`${t.base}/api${sample(rule.path)}`, {
      method: rule.method,
      headers: { authorization: `Bearer ${tokens[role]}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await raw.text();
    const res = { status: raw.status, body: raw.headers.get('content-type')?.includes('application/json') ? JSON.parse(text) : text };
    if (allowed) {
      expect(res.status, JSON.stringify(res.body)).not.toBe(403);
      expect(res.status).not.toBe(401);
      expect(res.status).toBeLessThan(500);
    } else {
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
  });

  // Express routes paths whatever their letter case and extra slashes: so must the matrix. Every
  // refused role gets 403 through every spelling of a route, and so does any path the matrix lacks.
  const spellings = (path: string) => {
    const segs = path.split('/').filter(Boolean);
    const literal = (f: (s: string) => string) => '/' + segs.map((s) => (s.startsWith(':') ? s : f(s))).join('/');
    return [
      literal((s) => s.toUpperCase()),
      literal((s) => s[0].toUpperCase() + s.slice(1)),
      `${path}/`,
      path.replace('/', '//'),
      literal((s) => `%${s.charCodeAt(0).toString(16)}${s.slice(1)}`),
    ];
  };
  const spelled = cases.filter((c) => !c.allowed).flatMap((c) => spellings(c.rule.path).map((path) => ({ ...c, path })));

  it.each(spelled)('$rule.method $path as $role → 403', async ({ rule, role, path }) => {
    const body = rule.method === 'GET' ? undefined : {};
    const res = await fetch(`${t.base}/api${sample(path)}`, {
      method: rule.method,
      headers: { authorization: `Bearer ${tokens[role]}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    expect(res.status).toBe(403);
  });

  it('refuses a request that matches no rule (deny by default)', async () => {
    for (const role of ROLES) {
      const res = await t.api('GET', '/api/no-such-route', { token: tokens[role] });
      expect(res).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    }
  });

  it('audits a back-office write whatever the spelling of its path', async () => {
    const offer = (await t.models.Offer.findOne().lean())!;
    const { _id, __v, createdAt, updatedAt, ...fields } = offer as unknown as Record<string, unknown>;
    const res = await t.api('PUT', `/API/OFFERS/${String(_id)}/`, { token: tokens.admin, body: fields });
    expect(res.status).toBe(200);
    const entries = await t.api<{ items: Array<{ action: string; entity: { id: string } }> }>('GET', '/api/audit?action=offer.changed', { token: tokens.admin });
    expect(entries.body.items.some((e) => e.entity.id === String(_id))).toBe(true);
  });

  it('answers 2xx to allowed roles on the everyday routes', async () => {
    const ada = String(fx.customers.ada);
    for (const role of ROLES) {
      expect((await t.api('GET', `/api/customers?q=ada`, { token: tokens[role] })).status).toBe(200);
      expect((await t.api('GET', `/api/customers/${ada}/picture`, { token: tokens[role] })).status).toBe(200);
    }
    expect((await t.api('GET', '/api/audit', { token: tokens.admin })).status).toBe(200);
    expect((await t.api('GET', '/api/users', { token: tokens.admin })).status).toBe(200);
    expect((await t.api('GET', `/api/privacy/customers/${ada}/export`, { token: tokens.admin })).status).toBe(200);
  });

  it('gates every socket event by role and refuses events not in the matrix', async () => {
    const ada = String(fx.customers.ada);
    const payloads: Record<string, unknown> = {
      'agent:state': { state: 'not-ready', reason: 'break' },
      'supervision:subscribe': {},
      'customer:viewing': { customerId: ada },
    };
    for (const role of ROLES) {
      const { socket } = await t.agentSocket(tokens[role]);
      for (const rule of SOCKET_RULES.filter((r) => payloads[r.event])) {
        const res = (await (socket.timeout(3000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }).emitWithAck(rule.event, payloads[rule.event])) as {
          error?: { code: string };
        };
        if (rule.roles.includes(role)) expect(res.error?.code, `${role} ${rule.event}`).toBeUndefined();
        else expect(res, `${role} ${rule.event}`).toMatchObject({ error: { code: 'FORBIDDEN' } });
      }
      const unknown = await (socket.timeout(3000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }).emitWithAck('customers:dump', {});
      expect(unknown).toMatchObject({ error: { code: 'FORBIDDEN' } });
      socket.disconnect();
    }
  });
});
