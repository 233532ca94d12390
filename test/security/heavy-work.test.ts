import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMiddleware } from '../../server/http/error-middleware.js';
import { heavyWork } from '../../server/security/heavy-work.js';
import { capturingLogger } from '../abuse/support.js';
import { eventually } from '../support/app.js';

/**
 * A real HTTP server with the limiter in front of a handler that finishes when the test says: the
 * order of events is decided by the test, not by timing.
 */
describe('heavy work limits', () => {
  const log = capturingLogger();
  const gates = new Map<string, () => void>();
  const started: string[] = [];
  let base: string;
  let stats: () => { active: number; waiting: number };
  let close: () => void;

  beforeAll(async () => {
    const app = express();
    const heavy = heavyWork({ concurrent: 2, queued: 1 }, log.logger);
    stats = heavy.stats;
    app.use((req, _res, next) => {
      req.user = { userId: String(req.headers['x-user']), username: String(req.headers['x-user']), role: 'supervisor' };
      next();
    });
    app.get('/scan/:tag', heavy('scans'), async (req, res) => {
      const tag = String(req.params.tag);
      started.push(tag);
      await new Promise<void>((resolve) => gates.set(tag, resolve));
      res.json({ tag });
    });
    app.use(errorMiddleware(log.logger));
    const server = app.listen(0);
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  const scan = (user: string, tag: string) => fetch(`${base}/scan/${tag}`, { headers: { 'x-user': user } });
  const finish = async (tag: string) => {
    await eventually(() => gates.has(tag), 5000, `${tag} running`);
    gates.get(tag)!();
  };

  it("refuses a user's second scan while the first runs, queues others beyond the limit, and refuses past the queue", async () => {
    const a = scan('ann', 'a1');
    await eventually(() => started.includes('a1'), 5000, 'a1 started');
    const again = await scan('ann', 'a2');
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('2');
    expect((await again.json()).error.message).toMatch(/still running/);

    const b = scan('bob', 'b1');
    await eventually(() => started.includes('b1'), 5000, 'b1 started');
    const c = scan('cat', 'c1'); // third at once: waits its turn
    await eventually(() => stats().waiting === 1, 5000, 'c1 waiting');
    const full = await scan('dan', 'd1'); // the queue (one place) is taken
    expect(full.status).toBe(429);
    expect(started).toEqual(['a1', 'b1']);

    await finish('a1');
    expect((await (await a).json()).tag).toBe('a1');
    await finish('c1'); // runs once a1 has finished
    expect((await (await c).json()).tag).toBe('c1');
    await finish('b1');
    expect((await (await b).json()).tag).toBe('b1');
    expect(started).toEqual(['a1', 'b1', 'c1']);
    expect(log.lines.filter((l) => l.msg === 'request rejected: heavy work limited')).toHaveLength(2);

    // Everything released: ann may scan again at once.
    const next = scan('ann', 'a3');
    await finish('a3');
    expect((await next).status).toBe(200);
  });
});
