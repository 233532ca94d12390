import fs from 'node:fs';
import path from 'node:path';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus, type BusEvents } from '../../server/events.js';
import { createInteractionRepository, type InteractionRepository } from '../../server/interactions/interaction.repository.js';
import type { InteractionDoc } from '../../server/interactions/interaction.model.js';
import { startTestApp } from '../support/app.js';

type Published = { name: keyof BusEvents; payload: unknown };

/** Every `.ts` file under a directory. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('the interaction repository is the only way interactions change, and every change reaches the bus', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let bus: EventBus;
  let repo: InteractionRepository;
  const published: Published[] = [];
  const called = new Set<string>();
  const agentId = new Types.ObjectId();
  const customerId = new Types.ObjectId();

  beforeAll(async () => {
    t = await startTestApp();
    // A bus of its own: only this spy listens, so nothing routes or pops the test's interactions.
    bus = new EventBus();
    for (const name of ['interaction:changed', 'interactions:changed', 'interaction:changed-elsewhere', 'agent:changed'] as const)
      bus.on(name, ((payload: unknown) => void published.push({ name, payload })) as never);
    // Every method called below is noted, so the last test can tell a method no test here exercised.
    const real = createInteractionRepository(t.models, bus);
    repo = Object.fromEntries(
      Object.entries(real).map(([name, v]) => [name, typeof v === 'function' ? (...args: unknown[]) => (called.add(name), (v as (...a: unknown[]) => unknown)(...args)) : v]),
    ) as InteractionRepository;
  });
  afterAll(() => t.close());

  /** Runs one repository method and returns what it published. */
  async function publishes<T>(work: () => Promise<T>): Promise<{ result: T; events: Published[] }> {
    const before = published.length;
    const result = await work();
    return { result, events: published.slice(before) };
  }
  const causeOf = (events: Published[]) => events.map((e) => (e.payload as { cause: string }).cause);

  const call = (n: string) => ({ callId: `bus-${n}`, channel: 'voice', direction: 'inbound', from: '+447700900123', to: '+442079460000', queue: 'service', state: 'ringing', ringingAt: new Date() });

  it('publishes exactly one event for each write method, with the document as saved', async () => {
    const opened = await publishes(() => repo.open(call('1'), { needsAgent: true, customerName: 'Ann' }));
    expect(causeOf(opened.events)).toEqual(['opened']);
    const doc = opened.result.doc;
    expect(opened.events[0]!.payload).toMatchObject({ id: String(doc._id), needsAgent: true, customerName: 'Ann' });

    const queued = await publishes(() => repo.queue(doc));
    expect(causeOf(queued.events)).toEqual(['queued']);

    const claimed = await publishes(() => repo.claim({ ...doc, state: 'queued' }, { userId: agentId, username: 'agent' }));
    expect(causeOf(claimed.events)).toEqual(['assigned']);
    expect((claimed.events[0]!.payload as { doc: InteractionDoc }).doc.state).toBe('offered');

    const requeued = await publishes(() => repo.requeue(String(doc._id), String(agentId)));
    expect(causeOf(requeued.events)).toEqual(['requeued']);
    await repo.claim({ ...doc, state: 'queued' }, { userId: agentId, username: 'agent' });
    await repo.acknowledgePop(doc._id, null);
    const withdrawn = await publishes(() => repo.withdrawPopAck(String(doc._id), String(agentId)));
    expect(causeOf(withdrawn.events)).toEqual(['pop-withdrawn']);
    expect((withdrawn.events[0]!.payload as { doc: InteractionDoc }).doc.popAckedAt).toBeNull();
    await repo.requeue(String(doc._id), String(agentId));
    await repo.claim({ ...doc, state: 'queued' }, { userId: agentId, username: 'agent' });

    const acked = await publishes(() => repo.acknowledgePop(doc._id, [{ offerId: 'x', at: new Date() }]));
    expect(causeOf(acked.events)).toEqual(['pop-acknowledged']);

    const answered = await publishes(() => repo.applyEvent(doc, { state: 'active', answeredAt: new Date() }, { eventId: 'e-answer', type: 'call.answered', at: new Date(), receivedAt: new Date() }, false));
    expect(causeOf(answered.events)).toEqual(['event']);
    // The same event again changes nothing and tells no one.
    const repeated = await publishes(() => repo.applyEvent(doc, { state: 'active' }, { eventId: 'e-answer', type: 'call.answered', at: new Date(), receivedAt: new Date() }, false));
    expect(repeated.result.doc).toBeNull();
    expect(repeated.events).toEqual([]);

    const current = answered.result.doc!;
    expect(causeOf((await publishes(() => repo.record(current, { notes: 'n' }, {}, 'version'))).events)).toEqual(['recorded']);
    // A save onto a version since changed writes nothing and tells no one.
    const stale = await publishes(() => repo.record(current, { notes: 'stale' }, {}, 'version'));
    expect(stale.result).toBeNull();
    expect(stale.events).toEqual([]);
    // Onto the interaction as read: its pop acknowledged since (a write that leaves the version) makes it write nothing.
    const read = (await t.models.Interaction.findById(doc._id).lean<InteractionDoc>())!;
    expect((await publishes(() => repo.record({ ...read, popAckedAt: null }, { notes: 'as read' }, {}, 'as-read'))).result).toBeNull();
    expect(causeOf((await publishes(() => repo.record(read, { notes: 'as read' }, {}, 'as-read'))).events)).toEqual(['recorded']);
    expect(causeOf((await publishes(() => repo.logChange(String(doc._id), 'consent', { sms: true }))).events)).toEqual(['change-logged']);
    expect(causeOf((await publishes(() => repo.attachCustomer(String(doc._id), String(customerId), 'chosen', { by: 'agent' }))).events)).toEqual(['customer-attached']);
    expect(causeOf((await publishes(() => repo.linkComplaint(String(doc._id), new Types.ObjectId()))).events)).toEqual(['complaint-linked']);
  });

  it('accepts a chat with its first pop\'s acknowledgement, in one write and one event; a re-pop changes nothing more', async () => {
    const opened = await repo.open({ ...call('accept'), channel: 'chat' }, { message: { from: 'customer', text: 'hello', at: new Date() }, eventId: 'a-1' });
    await repo.claim({ ...opened.doc, state: 'queued' }, { userId: agentId, username: 'agent' });
    const acked = await publishes(() => repo.acknowledgePop(opened.doc._id, [{ offerId: 'x', at: new Date() }], 'chat'));
    expect(causeOf(acked.events)).toEqual(['chat-accepted']);
    const doc = (acked.events[0]!.payload as { doc: InteractionDoc }).doc;
    expect(doc).toMatchObject({ state: 'active', presentedOffers: [expect.objectContaining({ offerId: 'x' })] });
    expect(doc.popAckedAt).toEqual(doc.answeredAt);
    expect(doc.connectedAt).toEqual(doc.answeredAt);
    // The screen popped it again (a reconnect): already acknowledged and accepted, nothing to tell.
    expect((await publishes(() => repo.acknowledgePop(opened.doc._id, null, 'chat'))).events).toEqual([]);
  });

  it('publishes a chat message with the write that counts it, once per message', async () => {
    const message = { from: 'customer' as const, text: 'hello', at: new Date() };
    const opened = await publishes(() => repo.open({ ...call('chat'), channel: 'chat' }, { message, eventId: 'm-1', needsAgent: true }));
    expect(opened.events).toHaveLength(1);
    expect(opened.events[0]!.payload).toMatchObject({ cause: 'opened', message: { text: 'hello' } });
    const doc = opened.result.doc;

    const second = await publishes(() => repo.applyEvent(doc, {}, { message: { ...message, text: 'again' }, eventId: 'm-2' }, false));
    expect(second.events).toHaveLength(1);
    // Nothing but the count moved: a message, which reports, the feed and the relay pass over.
    expect(second.events[0]!.payload).toMatchObject({ cause: 'message', message: { text: 'again' } });
    // A message that set something (a chat first heard of by a message after its end, say) is an event.
    const filling = await publishes(() => repo.applyEvent(doc, { ringingAt: new Date() }, { message: { ...message, text: 'late' }, eventId: 'm-3' }, false));
    expect(filling.events[0]!.payload).toMatchObject({ cause: 'event', message: { text: 'late' } });

    const reply = await publishes(() => repo.addAgentMessage(doc, { from: 'agent', text: 'hi', at: new Date(), agent: 'agent' }, String(agentId)));
    expect(reply.events).toHaveLength(1);
    expect(reply.events[0]!.payload).toMatchObject({ cause: 'agent-message', author: String(agentId), message: { text: 'hi' } });
    expect((await repo.chat.transcriptOf(doc)).map((m) => m.text)).toEqual(['hello', 'again', 'late', 'hi']);
  });

  it('publishes one event for a transfer, asking routing for an agent, with the note in the chat but in no event', async () => {
    const opened = await repo.open({ ...call('transfer'), channel: 'chat', state: 'ringing' }, { message: { from: 'customer', text: 'hello', at: new Date() }, eventId: 't-1' });
    const doc = (await repo.claim({ ...opened.doc, state: 'queued' }, { userId: agentId, username: 'agent' }))!;
    const by = { userId: String(agentId), username: 'agent' };
    const moved = await publishes(() => repo.transfer(doc, { by, toQueue: 'sales', note: 'Wants to buy.', at: new Date() }));
    expect(causeOf(moved.events)).toEqual(['transferred']);
    expect(moved.events[0]!.payload).toMatchObject({ needsAgent: true, previousAgent: String(agentId) });
    expect(moved.events[0]!.payload).not.toHaveProperty('message');
    expect(moved.result).toMatchObject({ agentId: null, state: 'queued', queue: 'sales', transferCount: 1 });
    expect((await repo.chat.transcriptOf(doc)).map((m) => [m.from, m.text])).toEqual([
      ['customer', 'hello'],
      ['note', 'Wants to buy.'],
    ]);
    // Already moved on: a second transfer of the same copy writes nothing and tells no one.
    const again = await publishes(() => repo.transfer(doc, { by, toQueue: 'service', note: '', at: new Date() }));
    expect(again.result).toBeNull();
    expect(again.events).toEqual([]);
  });

  it('publishes one event for a telemarketer call placed, its switch call, dropped and recorded', async () => {
    const placed = await publishes(() => repo.openOutbound({ callId: 'bus-out', from: 'outbound', to: '+447700900999', agentId, agentName: 'tm', ringingAt: new Date() }));
    expect(causeOf(placed.events)).toEqual(['outbound-opened']);
    // The switch's word on the SIP call placed for it (click-to-call): one event per step, none when it does not apply.
    const answered = await publishes(() => repo.recordOutboundCall(placed.result._id, { 'sipCall.outcome': 'answered', 'sipCall.code': 200 }));
    expect(causeOf(answered.events)).toEqual(['outbound-call']);
    expect(answered.result?.sipCall).toMatchObject({ outcome: 'answered', code: 200 });
    expect(causeOf((await publishes(() => repo.recordOutboundCall(placed.result._id, { 'sipCall.code': 486 }, { 'sipCall.outcome': { $exists: false } }))).events)).toEqual([]);
    expect(causeOf((await publishes(() => repo.recordOutbound(placed.result._id, { disposition: 'sale' }, {}))).events)).toEqual(['outbound-recorded']);
    expect(causeOf((await publishes(() => repo.dropOutbound(placed.result._id, new Date()))).events)).toEqual(['outbound-dropped']);
  });

  it('publishes one bulk event naming every interaction an erasure, a merge or its undo touched', async () => {
    const mine = await repo.open({ ...call('mine'), customerId }, {});
    const candidate = await repo.open({ ...call('candidate'), candidateIds: [customerId] }, {});
    const kept = new Types.ObjectId();
    const merged = await publishes(() => repo.repointCustomer(customerId, kept));
    expect(merged.events).toHaveLength(1);
    expect(merged.events[0]!.name).toBe('interactions:changed');
    const ids = (merged.events[0]!.payload as { ids: string[] }).ids;
    expect(ids).toEqual(expect.arrayContaining([String(mine.doc._id), String(candidate.doc._id)]));
    expect(merged.result.ids).toContainEqual(mine.doc._id);
    expect(merged.result.lists).toEqual([candidate.doc._id]);
    expect(merged.result.listsGained).toEqual([candidate.doc._id]);

    const undone = await publishes(() => repo.unrepointCustomer(merged.result, kept, customerId));
    expect(undone.events).toHaveLength(1);
    expect(undone.events[0]!.payload).toMatchObject({ ids: expect.arrayContaining([String(mine.doc._id), String(candidate.doc._id)]), cause: 'unmerged' });
    expect((await t.models.Interaction.findById(mine.doc._id).lean())!.customerId).toEqual(customerId);
    expect((await t.models.Interaction.findById(candidate.doc._id).lean())!.candidateIds).toEqual([customerId]);

    const other = new Types.ObjectId();
    const theirs = await repo.open({ ...call('erase'), customerId: other, from: '+447700900777' }, {});
    const fromThem = await repo.open({ ...call('erase-from'), from: '+447700900777' }, {});
    const erased = await publishes(() => repo.eraseCustomer(other, ['+447700900777'], '[erased]'));
    expect(erased.events).toHaveLength(1);
    expect((erased.events[0]!.payload as { ids: string[]; cause: string }).cause).toBe('erased');
    expect((erased.events[0]!.payload as { ids: string[] }).ids.sort()).toEqual([String(theirs.doc._id), String(fromThem.doc._id)].sort());
    expect(erased.result.interactions).toBe(2);
  });

  it('remembers its last write of a call under way, and applies an event onto it only while it is still the stored version', async () => {
    const opened = await repo.open(call('remembered'), { needsAgent: false });
    expect(repo.lastWritten('bus-remembered')).toMatchObject({ _id: opened.doc._id, state: 'ringing', version: 0 });
    // Another process's repository (same database, its own memory) queues the call: a new state, the same version.
    const elsewhere = createInteractionRepository(t.models, new EventBus());
    expect(await elsewhere.queue(opened.doc)).toBe(true);
    const remembered = repo.lastWritten('bus-remembered')!;
    expect(remembered.state).toBe('ringing');
    const at = new Date();
    const answer = { eventId: 'remembered-answer', type: 'call.answered', at, receivedAt: at };
    // Onto what this process remembers: refused, the stored interaction moved on.
    const refused = await publishes(() => repo.applyEvent(remembered, { state: 'active', answeredAt: at }, answer, true, { unchangedSince: true }));
    expect(refused.result).toEqual({ doc: null, stored: false });
    expect(refused.events).toEqual([]);
    // Onto the stored version: applied, and remembered as written.
    const stored = (await t.models.Interaction.findById(opened.doc._id).lean<InteractionDoc>())!;
    const applied = await repo.applyEvent(stored, { state: 'active', answeredAt: at }, answer, true, { unchangedSince: true });
    expect(applied.doc).toMatchObject({ state: 'active', version: 1 });
    expect(repo.lastWritten('bus-remembered')).toMatchObject({ state: 'active', version: 1 });
    // Routing's facts: the call is open for no agent yet; once claimed, for its agent.
    const claimer = new Types.ObjectId();
    expect(await repo.openOf(claimer)).toEqual([]);
    await repo.claim(applied.doc!, { userId: claimer, username: 'claimer' });
    expect(await repo.openOf(claimer)).toEqual([{ _id: opened.doc._id, channel: 'voice', state: 'active' }]);
    expect(await repo.workOf(claimer, new Date(0))).toEqual({ open: [{ _id: opened.doc._id, channel: 'voice', state: 'active' }], owed: [] });
    // An ended call is forgotten: a late event reads the stored interaction. By its id it is still
    // remembered (its disposition comes after the end), until another process's write is relayed.
    const end = { eventId: 'remembered-end', type: 'call.ended', at, receivedAt: at };
    await repo.applyEvent(repo.lastWritten('bus-remembered')!, { state: 'ended', endedAt: at }, end, false, { unchangedSince: true });
    expect(repo.lastWritten('bus-remembered')).toBeUndefined();
    const id = String(opened.doc._id);
    expect(repo.lastWrittenById(id)).toMatchObject({ state: 'ended', version: 3 });
    bus.emit('interaction:changed-elsewhere', { id });
    expect(repo.lastWrittenById(id)).toBeUndefined();
    expect(await repo.openOf(claimer)).toEqual([]);
    // Answered with the agent there and ended without a disposition: owed (stored after `after` only).
    expect(await repo.owedBy(claimer, new Date(0))).toEqual([{ queue: opened.doc.queue, endedAt: at }]);
    expect(await repo.owedBy(claimer, new Date(Date.now() + 1000))).toEqual([]);
    // Both in one read, each agent's from their own `after`.
    expect(await repo.workOf(claimer, new Date(0))).toEqual({ open: [], owed: [{ queue: opened.doc.queue, endedAt: at }] });
    expect(await repo.workOf(claimer, new Date(Date.now() + 1000))).toEqual({ open: [], owed: [] });
    expect(repo.lastWritten('bus-remembered')).toBeUndefined();
  });

  it('has exercised every write method of the repository above', () => {
    const methods = Object.entries(createInteractionRepository(t.models, new EventBus()))
      .filter(([, v]) => typeof v === 'function')
      .map(([name]) => name);
    expect(methods.filter((m) => !called.has(m))).toEqual([]);
  });

  it('no file but the repository writes the interactions collection', () => {
    const root = path.resolve('server');
    const writes = /\bInteraction\.(create|insertMany|update\w*|findOneAndUpdate|findByIdAndUpdate|replaceOne|delete\w*|bulkWrite|collection)\b|\bChatMessage\.(create|insertMany|update\w*|delete\w*|bulkWrite)\b|createChatMessages\(/;
    const offenders = sources(root)
      .filter((f) => !/interaction\.repository\.ts$|chat-messages\.ts$/.test(f))
      .filter((f) => writes.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f));
    expect(offenders).toEqual([]);
  });
});
