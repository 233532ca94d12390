import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CALLBACK_COLUMNS, type CallbackTask } from '../../shared/schemas/callbacks.js';
import { type ClientSocket, delivered, startTestApp, type TestApp } from '../support/app.js';
import { addAdmin } from '../access/support.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let admin: string;
const tok = {} as Record<'agent' | 'agent2' | 'supervisor' | 'telemarketer', string>;

/** Callbacks left the way the widget leaves them: through the repository (one bus event each). */
const leave = (queue: string, name: string, extra: Partial<{ phone: string; message: string }> = {}) =>
  t.app.services.callbackRepo.create({ queue, name, phone: extra.phone ?? '+44 7700 900123', message: extra.message ?? 'Please call me back', source: 'chat-widget', site: 'shop' });

const list = (token: string, query = '') => t.api<CallbackTask[]>('GET', `/api/callbacks${query}`, { token });
const post = <T = CallbackTask>(token: string, path: string, body: unknown = {}) => t.api<T & { error?: { code: string } }>('POST', `/api/callbacks${path}`, { token, body });

/** The next `callback:changed` a socket receives that matches. */
const nextChange = (socket: ClientSocket, match: (task: CallbackTask) => boolean) =>
  new Promise<CallbackTask>((resolve) => {
    const on = (task: CallbackTask) => {
      if (!match(task)) return;
      socket.off('callback:changed', on);
      resolve(task);
    };
    socket.on('callback:changed', on);
  });

beforeAll(async () => {
  t = await startTestApp();
  await seedFixtures(t.models);
  // agent takes the sales queue only; agent2 takes every queue (no skills).
  await t.models.User.updateOne({ username: 'agent' }, { $set: { skills: ['sales'], displayName: 'Alex Morgan' } });
  admin = (await addAdmin(t)).token;
  for (const u of ['agent', 'agent2', 'supervisor', 'telemarketer'] as const) tok[u] = (await t.login(u)).token;
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.models.Callback.deleteMany({});
});

describe('callback tasks', () => {
  it('lists the tasks still to do oldest first; an agent sees only the queues they take, telemarketers and supervisors every queue', async () => {
    const first = await leave('sales', 'Ada Lovelace');
    const second = await leave('service', 'Ben Okri');
    const third = await leave('sales', 'Cleo Wu');
    const ids = (r: { body: CallbackTask[] }) => r.body.map((x) => x.id);

    expect(ids(await list(tok.telemarketer))).toEqual([first.id, second.id, third.id]);
    expect(ids(await list(tok.supervisor))).toEqual([first.id, second.id, third.id]);
    expect(ids(await list(tok.agent2))).toEqual([first.id, second.id, third.id]);
    expect(ids(await list(tok.agent))).toEqual([first.id, third.id]);
    expect(ids(await list(tok.agent, '?queue=service'))).toEqual([]);
    // Another queue's task is as if it did not exist for the agent.
    expect((await post(tok.agent, `/${second.id}/claim`)).body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('filters by state, queue and text (name, phone or message, any case)', async () => {
    const ada = await leave('sales', 'Ada Lovelace', { message: 'About my DISHWASHER' });
    const ben = await leave('service', 'Ben Okri', { phone: '+44 7700 900555' });
    await post(tok.telemarketer, `/${ben.id}/claim`);
    const cleo = await leave('sales', 'Cleo Wu');
    await post(tok.telemarketer, `/${cleo.id}/claim`);
    await post(tok.telemarketer, `/${cleo.id}/close`, { outcome: 'reached' });

    const ids = async (q: string) => (await list(tok.supervisor, q)).body.map((x) => x.id);
    expect(await ids('')).toEqual([ada.id, ben.id]);
    expect(await ids('?state=open')).toEqual([ada.id]);
    expect(await ids('?state=claimed')).toEqual([ben.id]);
    expect(await ids('?state=done')).toEqual([cleo.id]);
    expect(await ids('?queue=service')).toEqual([ben.id]);
    expect(await ids('?q=dishwasher')).toEqual([ada.id]);
    expect(await ids('?q=900555')).toEqual([ben.id]);
    expect(await ids('?q=.*')).toEqual([]);
    expect((await list(tok.supervisor, '?state=lost')).status).toBe(400);
    expect((await list(tok.supervisor, '?sort=name')).status).toBe(400);
  });

  it('exports the same rows and columns as the list, formula-escaped', async () => {
    await leave('sales', '=HYPERLINK("http://evil.example","x")', { message: 'line one\nline, two' });
    const b = await leave('service', 'Ben Okri');
    await post(tok.supervisor, `/${b.id}/claim`);

    const json = (await list(tok.supervisor)).body;
    const res = await fetch(`${t.base}/api/callbacks?format=csv`, { headers: { authorization: `Bearer ${tok.supervisor}` } });
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const rows = parseCsv(await res.text()) as string[][];
    expect(rows[0]).toEqual([...CALLBACK_COLUMNS]);
    expect(rows.length - 1).toBe(json.length);
    const unescape = (v: string) => (v.startsWith("'") ? v.slice(1) : v);
    rows.slice(1).forEach((row, i) => expect(row.map(unescape)).toEqual(CALLBACK_COLUMNS.map((c) => json[i]![c] ?? '')));
    // The name a visitor typed reaches the spreadsheet as text, never as a formula.
    expect(rows[1]![2]).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(rows[2]![7]).toBe('supervisor');
  });

  it('lets exactly one of two claims at once have the task; the other gets 409 CALLBACK_TAKEN', async () => {
    const task = await leave('sales', 'Ada Lovelace');
    const [a, b] = await Promise.all([post(tok.agent, `/${task.id}/claim`), post(tok.telemarketer, `/${task.id}/claim`)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body).toMatchObject({ error: { code: 'CALLBACK_TAKEN' } });
    const winner = a.status === 200 ? a : b;
    expect(winner.body).toMatchObject({ state: 'claimed' });
    // Claiming one's own task again is no conflict.
    expect((await post(a.status === 200 ? tok.agent : tok.telemarketer, `/${task.id}/claim`)).status).toBe(200);
  });

  it('lets only who took a task, or a supervisor, close or release it', async () => {
    const task = await leave('sales', 'Ada Lovelace');
    const claimed = await post(tok.agent, `/${task.id}/claim`);
    expect(claimed.body).toMatchObject({ state: 'claimed', claimedByName: 'Alex Morgan' });

    expect((await post(tok.agent2, `/${task.id}/close`, { outcome: 'reached' })).body).toMatchObject({ error: { code: 'CALLBACK_NOT_YOURS' } });
    expect((await post(tok.telemarketer, `/${task.id}/release`)).status).toBe(403);
    expect((await t.models.Callback.findById(task.id).lean())!.state).toBe('claimed');

    expect((await post(tok.agent, `/${task.id}/close`, { outcome: 'maybe' })).status).toBe(400);
    const closed = await post(tok.agent, `/${task.id}/close`, { outcome: 'no-answer', note: ' Voicemail, left a message ' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ state: 'done', outcome: 'no-answer', note: 'Voicemail, left a message' });
    expect((await post(tok.agent, `/${task.id}/close`, { outcome: 'reached' })).body).toMatchObject({ error: { code: 'CALLBACK_DONE' } });
    expect((await post(tok.agent, `/${task.id}/claim`)).body).toMatchObject({ error: { code: 'CALLBACK_DONE' } });

    const other = await leave('service', 'Ben Okri');
    await post(tok.telemarketer, `/${other.id}/claim`);
    const released = await post(tok.supervisor, `/${other.id}/release`);
    expect(released.body).toMatchObject({ state: 'open' });
    expect(released.body.claimedBy).toBeUndefined();
    // A supervisor may close an open task without taking it (a duplicate, a prank).
    expect((await post(tok.supervisor, `/${other.id}/close`, { outcome: 'not-needed' })).body).toMatchObject({ state: 'done' });
  });

  it('records a callback by hand with source agent; the role may not, nor a bad phone', async () => {
    const res = await post(tok.agent, '', { queue: 'sales', name: 'Dan Brown', phone: '+44 20 7946 0000', message: 'Asked on the phone' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ source: 'agent', state: 'open', queue: 'sales', customerId: null });
    expect((await post(tok.agent, '', { queue: 'sales', name: 'Dan', phone: 'call me' })).status).toBe(400);
    expect((await post(tok.telemarketer, '', { queue: 'sales', name: 'Dan', phone: '+441234' })).status).toBe(403);
  });

  it('audits every write', async () => {
    const task = await leave('sales', 'Ada Lovelace');
    await post(tok.agent, `/${task.id}/claim`);
    await post(tok.agent, `/${task.id}/release`);
    await post(tok.agent, `/${task.id}/claim`);
    await post(tok.agent, `/${task.id}/close`, { outcome: 'reached' });
    const entries = await t.api<{ items: Array<{ action: string; actor: { username: string } }> }>('GET', `/api/audit?entity=callback:${task.id}`, { token: admin });
    // Newest first.
    expect(entries.body.items.map((e) => e.action)).toEqual(['callback.closed', 'callback.claimed', 'callback.released', 'callback.claimed']);
    expect(entries.body.items.every((e) => e.actor.username === 'agent')).toBe(true);
  });

  it('publishes one bus event per write and pushes it to the screens that list its queue', async () => {
    const events: CallbackTask[] = [];
    const onBus = ({ task }: { task: CallbackTask }) => events.push(task);
    t.app.bus.on('callback:changed', onBus);
    const { socket: tm } = await t.agentSocket(tok.telemarketer);
    const { socket: sales } = await t.agentSocket(tok.agent);
    const salesGot: CallbackTask[] = [];
    sales.on('callback:changed', (task) => salesGot.push(task));
    try {
      const arrived = nextChange(tm, (x) => x.name === 'Ada Lovelace' && x.state === 'open');
      const task = await leave('sales', 'Ada Lovelace');
      expect(await arrived).toMatchObject({ id: task.id, queue: 'sales', source: 'chat-widget' });

      const taken = nextChange(tm, (x) => x.id === task.id && x.state === 'claimed');
      await post(tok.agent, `/${task.id}/claim`);
      expect(await taken).toMatchObject({ claimedByName: 'Alex Morgan' });

      await leave('service', 'Ben Okri');
      await delivered(sales);
      // The sales agent followed their queue's task, never the service queue's.
      expect(salesGot.map((x) => `${x.name}:${x.state}`)).toEqual(['Ada Lovelace:open', 'Ada Lovelace:claimed']);
      expect(events.map((x) => `${x.name}:${x.state}`)).toEqual(['Ada Lovelace:open', 'Ada Lovelace:claimed', 'Ben Okri:open']);
    } finally {
      t.app.bus.off('callback:changed', onBus);
      tm.disconnect();
      sales.disconnect();
    }
  });
});
