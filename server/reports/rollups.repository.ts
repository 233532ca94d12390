import { Types, type mongo } from 'mongoose';
import type { Logger } from 'pino';
import type { Models } from '../db/models.js';
import { countsOnlyAMessage, type EventBus } from '../events.js';
import type { Background } from '../ops/background.js';
import { pacer } from '../ops/pacer.js';
import { dailyContributions } from './daily.js';
import { customerCurrency } from '../../shared/i18n/currency.js';
import { type Contribution, type ContributionContext, difference, NO_QUEUE, type InteractionInput, interactionContributions, rollupKey, stateContributions } from './contributions.js';

/** Interactions (or agents) read and written per round of changes. */
const BATCH = 500;
/** Agents whose cursors are at most this far apart are caught up by one shared query of their state logs. */
const SHARED_CATCH_UP_MS = 15 * 60_000;
/** Interactions read per round of a rebuild, and how many rollups it sums in memory before writing them. */
const REBUILD_BATCH = 2000;
const REBUILD_HELD = 3_000_000;
/** Rollups per insert command of a rebuild. */
const INSERT_BATCH = 10_000;
/**
 * A round of changed interactions (and one of agents' state logs) starts at most this often under
 * load (ops/pacer.ts): the reports' half-hour figures are a second behind at most, and a busy floor's
 * changes reach them summed, not one round per turn of the event loop.
 */
const ROUND_MS = 1000;

export type RebuildPhase = 'interactions' | 'agent states' | 'writing rollups';
export type RebuildProgress = (phase: RebuildPhase, done: number, total: number) => void;

/** A stored contribution: its bucket as a Date (what the database keeps). */
type StoredContribution = Omit<Contribution, 'bucket'> & { bucket: Date | number };

/**
 * The only writer of the reports' rollups (`reportrollups`, `reportfacts`, `reportagentcursors`).
 *
 * It follows the bus: every write of an interaction replaces that interaction's contribution (the
 * difference is added, see contributions.ts), and every change of an agent's state (`agent:changed`,
 * published by routing right after it logs the change) sums the agent's state log up to the newest
 * entry. Changed interactions are written in batches (the latest document of each, one batch at a
 * time, so one interaction is never applied twice at once); agents' logs are summed the same way, in
 * batches of the agents whose state changed. Nothing here runs in the request that made the change. A
 * rebuild recomputes everything from the collections; changes that arrive meanwhile are held and
 * applied after it.
 */
export function createRollupRepository(deps: {
  models: Models;
  bus?: EventBus;
  background: Background;
  logger: Logger;
  /** Each queue's service-level threshold in seconds (its settings), as it is when a call is counted. */
  serviceLevelOf: (queue: string) => number;
  /** The contact centre's reporting time zone: the days of the daily rollups (daily.ts). */
  timeZone: string;
}) {
  const { models, background, logger, serviceLevelOf, timeZone } = deps;
  const { Interaction, ReportRollup, ReportDay, ReportField, ReportFact, ReportAgentCursor, AgentStateLog, Customer, CallListEntry } = models;

  let rebuilding: Promise<{ interactions: number; agents: number }> | undefined;
  let rebuildStartedAt = 0;
  /** Held while a rebuild runs: applied once it is done. */
  let heldInteractions: Set<string> | null = null;
  let heldAgents: Set<string> | null = null;

  type Input = InteractionInput & { customerId?: unknown };
  type History = Array<{ disposition?: string | null; interactionId?: unknown }>;

  /**
   * What contributions need from other collections: the customer's segment (for offers) and whether an
   * outbound attempt kept a callback. Read for a whole batch at once (two queries, whatever its size).
   */
  async function contextsOf(batch: Input[], thresholds?: ReadonlyMap<string, number>): Promise<ContributionContext[]> {
    const withOffers = batch.filter((i) => i.customerId && (i.presentedOffers?.length || i.offers?.length));
    const attempts = batch.filter((i) => i.customerId && i.direction === 'outbound' && i.campaignId);
    const [customers, entries] = await Promise.all([
      withOffers.length ? Customer.find({ _id: { $in: withOffers.map((i) => i.customerId as Types.ObjectId) } }, { 'value.segment': 1, currency: 1, 'addresses.country': 1 }).lean<Array<{ _id: unknown; value?: { segment?: string | null }; currency?: string | null; addresses?: Array<{ country?: string | null }> }>>() : [],
      attempts.length
        ? CallListEntry.find({ customerId: { $in: attempts.map((i) => i.customerId as Types.ObjectId) }, campaignId: { $in: attempts.map((i) => i.campaignId as Types.ObjectId) } }, { campaignId: 1, customerId: 1, history: 1 }).lean<
            Array<{ campaignId: unknown; customerId: unknown; history?: History }>
          >()
        : [],
    ]);
    const segments = new Map(customers.map((c) => [String(c._id), c.value?.segment || 'unknown']));
    // As the customer's picture has it (picture.service.ts): their own currency, else their first address's country's.
    const currencies = new Map(customers.map((c) => [String(c._id), customerCurrency({ currency: c.currency, country: c.addresses?.[0]?.country })]));
    const histories = new Map(entries.map((e) => [`${String(e.campaignId)}|${String(e.customerId)}`, e.history ?? []]));
    return batch.map((i) => {
      const ctx: ContributionContext = { thresholdSec: thresholds?.get(String(i._id)) ?? serviceLevelOf(i.queue || NO_QUEUE) };
      if (i.customerId) {
        ctx.segment = segments.get(String(i.customerId));
        ctx.currency = currencies.get(String(i.customerId));
      }
      const history = histories.get(`${String(i.campaignId)}|${String(i.customerId)}`);
      if (history && i.direction === 'outbound') {
        const mine = history.findIndex((h) => String(h.interactionId) === String(i._id));
        // The attempt before this one (or the latest, while this one is not recorded yet) set a callback.
        const before = mine >= 0 ? history[mine - 1] : history[history.length - 1];
        ctx.keptCallback = before?.disposition === 'callback';
      }
      return ctx;
    });
  }

  /** Figure names already recorded in `reportfields` by this process, per kind. */
  const knownFields = new Map<string, Set<string>>();
  async function noteFields(diffs: Contribution[]) {
    const fresh = new Map<string, Set<string>>();
    for (const d of diffs) {
      const known = knownFields.get(d.kind);
      for (const f of Object.keys(d.sums)) {
        if (known?.has(f)) continue;
        let add = fresh.get(d.kind);
        if (!add) fresh.set(d.kind, (add = new Set()));
        add.add(f);
      }
    }
    for (const [kind, fields] of fresh) {
      await ReportField.updateOne({ _id: kind }, { $addToSet: { fields: { $each: [...fields] } } }, { upsert: true });
      let known = knownFields.get(kind);
      if (!known) knownFields.set(kind, (known = new Set()));
      for (const f of fields) known.add(f);
    }
  }

  const incOf = (sums: Record<string, number>, labels: Record<string, string> | undefined, onInsert: Record<string, unknown>) => {
    const inc: Record<string, number> = {};
    for (const [f, v] of Object.entries(sums)) inc[`sums.${f}`] = v;
    const set: Record<string, string> = {};
    for (const [f, v] of Object.entries(labels ?? {})) set[`labels.${f}`] = v;
    const incs = Object.keys(inc).length > 0;
    // Written through the driver (below): the schema's default for `sums` is given here.
    return { ...(incs ? { $inc: inc } : {}), ...(Object.keys(set).length ? { $set: set } : {}), $setOnInsert: incs ? onInsert : { ...onInsert, sums: {} } };
  };

  /**
   * Adds each difference to its half-hour and daily rollups (created on first use). Written through
   * the driver: the operations are built here with their stored types, and mongoose's casting of each
   * (a document per operation) was a twentieth of the console thread's time under load.
   */
  async function increment(diffs: Contribution[]) {
    if (!diffs.length) return;
    await noteFields(diffs);
    const days = dailyContributions(diffs, timeZone);
    await Promise.all([
      ReportRollup.collection.bulkWrite(
        diffs.map((d) => ({ updateOne: { filter: { key: rollupKey(d), bucket: new Date(d.bucket) }, update: incOf(d.sums, d.labels, { kind: d.kind, dims: d.dims }), upsert: true } })),
        { ordered: false },
      ),
      days.length
        ? ReportDay.collection.bulkWrite(
            days.map((d) => ({ updateOne: { filter: { key: d.key, day: d.day }, update: incOf(d.sums, d.labels, { kind: d.kind, dims: d.dims, week: d.week, month: d.month }), upsert: true } })),
            { ordered: false },
          )
        : undefined,
    ]);
  }

  /** Rollups written into empty collections (a rebuild): inserted, in batches, with progress. */
  async function insertFresh(cs: Contribution[], progress?: RebuildProgress) {
    await noteFields(cs);
    const days = dailyContributions(cs, timeZone);
    const total = cs.length + days.length;
    let written = 0;
    progress?.('writing rollups', 0, total);
    for (let i = 0; i < cs.length; i += INSERT_BATCH) {
      const part = cs.slice(i, i + INSERT_BATCH);
      await ReportRollup.insertMany(
        part.map((c) => ({ kind: c.kind, key: rollupKey(c), bucket: new Date(c.bucket), dims: c.dims, sums: c.sums, ...(c.labels ? { labels: c.labels } : {}) })),
        { ordered: false, lean: true },
      );
      progress?.('writing rollups', (written += part.length), total);
    }
    for (let i = 0; i < days.length; i += INSERT_BATCH) {
      const part = days.slice(i, i + INSERT_BATCH);
      await ReportDay.insertMany(part, { ordered: false, lean: true });
      progress?.('writing rollups', (written += part.length), total);
    }
  }

  const stored = (cs: Contribution[]) => cs.map((c) => ({ ...c, bucket: new Date(c.bucket) }));
  const loaded = (cs: StoredContribution[] | undefined): Contribution[] => (cs ?? []).map((c) => ({ ...c, bucket: new Date(c.bucket).getTime() }));

  /**
   * Replaces each interaction's contribution by what it contributes now (nothing, once it is gone):
   * the batch's differences are summed before they are written, so a burst of changes costs a few
   * writes per rollup, not a few per change. `docs` maps each id to its document as saved, or to
   * undefined to read it again. Ids without a stored fact (a rebuild) start from nothing. `thresholds`:
   * the service level of an interaction's queue as it was when the change was published.
   */
  async function applyBatch(docs: Map<string, InteractionInput | undefined>, thresholds?: ReadonlyMap<string, number>) {
    const ids = [...docs.keys()].filter((id) => Types.ObjectId.isValid(id));
    const reread = ids.filter((id) => !docs.get(id));
    const current = new Map<string, InteractionInput>();
    for (const id of ids) {
      const doc = docs.get(id);
      if (doc) current.set(id, doc);
    }
    if (reread.length) for (const d of await Interaction.find({ _id: { $in: reread } }, { events: 0, transcript: 0, notes: 0 }).lean<InteractionInput[]>()) current.set(String(d._id), d);
    const present = [...current.values()];
    const [contexts, facts] = await Promise.all([
      contextsOf(present, thresholds),
      ReportFact.find({ _id: { $in: ids } }).lean<Array<{ _id: Types.ObjectId; contributions?: StoredContribution[] }>>(),
    ]);
    const before = new Map(facts.map((f) => [String(f._id), loaded(f.contributions)]));
    const after = new Map(present.map((d, n) => [String(d._id), interactionContributions(d, contexts[n])]));
    await increment(difference([...before.values()].flat(), [...after.values()].flat()));
    const writes: mongo.AnyBulkWriteOperation[] = [];
    for (const id of ids) {
      const cs = after.get(id) ?? [];
      const _id = new Types.ObjectId(id);
      if (cs.length) writes.push({ replaceOne: { filter: { _id }, replacement: { _id, contributions: stored(cs) }, upsert: true } });
      else if (before.has(id)) writes.push({ deleteOne: { filter: { _id } } });
    }
    if (writes.length) await ReportFact.collection.bulkWrite(writes, { ordered: false });
  }

  /** Changed interactions waiting for the next batch (the latest document of each). */
  const queued = new Map<string, InteractionInput | undefined>();
  /**
   * The service level of each queued interaction's queue when its change was published: a call is
   * counted against the threshold of that moment, not of the round that writes it up to a second later.
   */
  const thresholdAt = new Map<string, number>();
  /** When the oldest change still queued, and the oldest of the batch being written, were published. */
  let queuedSince = 0;
  let writingSince = Infinity;
  let draining: Promise<void> | undefined;
  const interactionRounds = pacer(ROUND_MS);
  function drain(): Promise<void> {
    draining ??= (async () => {
      try {
        while (queued.size) {
          // Changes published meanwhile (a burst of events, a bulk write) join this round.
          await interactionRounds.next(queued.size >= BATCH);
          const batch = new Map<string, InteractionInput | undefined>();
          const thresholds = new Map<string, number>();
          for (const [id, doc] of queued) {
            batch.set(id, doc);
            queued.delete(id);
            const sec = thresholdAt.get(id);
            if (sec !== undefined) thresholds.set(id, sec);
            thresholdAt.delete(id);
            if (batch.size >= BATCH) break;
          }
          // What stays queued keeps its time (it may be older than some of the batch: conservative).
          writingSince = queuedSince;
          await applyBatch(batch, thresholds);
          writingSince = Infinity;
        }
      } finally {
        draining = undefined;
        writingSince = Infinity;
      }
    })();
    return draining;
  }

  type CursorDoc = { _id: Types.ObjectId; at: Date; state: string; reason?: string; seen: Types.ObjectId[] };

  type LogEntry = { _id: Types.ObjectId; userId?: Types.ObjectId; to: string; reason?: string | null; at: Date };
  type AgentCursor = { at: Date; state: string; reason?: string | null; seen?: Types.ObjectId[] };

  /**
   * What an agent's state log entries (in order, none before the cursor) add from where it was left,
   * and where that leaves it (nothing new: null).
   */
  function foldStretches(agentId: string, cursor: AgentCursor | null, entries: LogEntry[]): { adds: Contribution[]; cursor: CursorDoc } | null {
    const userId = new Types.ObjectId(agentId);
    let at = cursor?.at.getTime();
    let state = cursor?.state;
    let reason = cursor?.reason ?? undefined;
    let seen = new Set((cursor?.seen ?? []).map(String));
    const adds: Contribution[] = [];
    for (const e of entries) {
      const t = e.at.getTime();
      if (at === t && seen.has(String(e._id))) continue;
      // Each stretch is the state entered by one change, up to the next change.
      if (at !== undefined && state) adds.push(...stateContributions(agentId, state, reason, at, t));
      if (at !== t) seen = new Set();
      seen.add(String(e._id));
      at = t;
      state = e.to;
      reason = e.reason ?? undefined;
    }
    if (at === undefined || !state || (cursor && at === cursor.at.getTime() && seen.size === (cursor.seen ?? []).length)) return null;
    return { adds, cursor: { _id: userId, at: new Date(at), state, reason, seen: [...seen].map((x) => new Types.ObjectId(x)) } };
  }

  const LOG_FIELDS = { userId: 1, to: 1, reason: 1, at: 1 };
  /** What an agent's state log adds from where it was left up to its newest entry (one agent's own query). */
  async function agentStretches(agentId: string, cursor: AgentCursor | null) {
    const entries = await AgentStateLog.find({ userId: new Types.ObjectId(agentId), ...(cursor ? { at: { $gte: cursor.at } } : {}) }, LOG_FIELDS)
      .sort({ at: 1, _id: 1 })
      .lean<LogEntry[]>();
    return foldStretches(agentId, cursor, entries);
  }

  /**
   * Sums the state logs of several agents from where each was left up to its newest entry: their
   * cursors in one query, their entries in one more (from the oldest of their cursors), the sums in
   * one write and the cursors in another. At 50 calls a second every agent
   * changes state several times a call; one catch-up per change was three commands each.
   * Agents without a cursor are read together too (their whole log); one left well before the others
   * is read alone (a shared query from its old cursor would read the others' whole day).
   */
  async function catchUpAgents(agentIds: string[]) {
    const ids = agentIds.map((a) => new Types.ObjectId(a));
    const cursors = new Map(
      (await ReportAgentCursor.find({ _id: { $in: ids } }).lean<Array<AgentCursor & { _id: Types.ObjectId }>>()).map((c) => [String(c._id), c] as const),
    );
    const newest = Math.max(0, ...[...cursors.values()].map((c) => c.at.getTime()));
    const fresh = agentIds.filter((a) => !cursors.has(a));
    const together = agentIds.filter((a) => cursors.has(a) && cursors.get(a)!.at.getTime() >= newest - SHARED_CATCH_UP_MS);
    const alone = agentIds.filter((a) => cursors.has(a) && !together.includes(a));
    const entries = new Map<string, LogEntry[]>([...fresh, ...together].map((a) => [a, []]));
    /** The entries of these agents from `from` on (all of them without it), each agent's from its own cursor. */
    const readTogether = async (agents: string[], from?: Date) => {
      if (!agents.length) return;
      const rows = await AgentStateLog.find({ userId: { $in: agents.map((a) => new Types.ObjectId(a)) }, ...(from ? { at: { $gte: from } } : {}) }, LOG_FIELDS)
        .sort({ at: 1, _id: 1 })
        .lean<LogEntry[]>();
      for (const r of rows) {
        const a = String(r.userId);
        const c = cursors.get(a);
        if (!c || r.at >= c.at) entries.get(a)?.push(r);
      }
    };
    await Promise.all([
      readTogether(fresh),
      together.length ? readTogether(together, new Date(Math.min(...together.map((a) => cursors.get(a)!.at.getTime())))) : undefined,
    ]);
    const results = [
      ...[...fresh, ...together].map((a) => foldStretches(a, cursors.get(a) ?? null, entries.get(a)!)),
      ...(await Promise.all(alone.map((a) => agentStretches(a, cursors.get(a) ?? null)))),
    ].filter((r) => !!r);
    if (!results.length) return;
    await increment(difference([], results.flatMap((r) => r.adds)));
    await ReportAgentCursor.collection.bulkWrite(
      results.map((r) => ({ replaceOne: { filter: { _id: r.cursor._id }, replacement: r.cursor, upsert: true } })),
      { ordered: false },
    );
  }

  /** Agents whose state changed since their last catch-up, summed in batches, one batch at a time. */
  const agentsQueued = new Set<string>();
  let agentsQueuedSince = 0;
  let agentsWritingSince = Infinity;
  let agentsDraining: Promise<void> | undefined;
  const agentRounds = pacer(ROUND_MS);
  function drainAgents(): Promise<void> {
    agentsDraining ??= (async () => {
      try {
        while (agentsQueued.size) {
          // More changes gather while a batch is written, and until the next round's time.
          await agentRounds.next(agentsQueued.size >= BATCH);
          const batch = [...agentsQueued].slice(0, BATCH);
          for (const a of batch) agentsQueued.delete(a);
          agentsWritingSince = agentsQueuedSince;
          await catchUpAgents(batch);
          agentsWritingSince = Infinity;
        }
      } finally {
        agentsDraining = undefined;
        agentsWritingSince = Infinity;
      }
    })();
    return agentsDraining;
  }

  // Queued at once (so `idle()` right after a publish waits for it), written in the background.
  function onInteraction(id: string, doc?: InteractionInput) {
    if (heldInteractions) return void heldInteractions.add(id);
    // The first change queued since the last batch was taken dates the queue (a busy floor's drain
    // never ends: dating it from the drain's start made the reports ever staler under load).
    if (!queued.size) queuedSince = Date.now();
    // The latest document wins; a change without one is read again (and measured when it is).
    queued.set(id, doc);
    if (doc) thresholdAt.set(id, serviceLevelOf(doc.queue || NO_QUEUE));
    else thresholdAt.delete(id);
    if (!draining) {
      const work = drain();
      background.run('reports: rollups of changed interactions', () => work);
    }
  }
  function onAgent(agentId: string) {
    if (heldAgents) return void heldAgents.add(agentId);
    if (!agentsQueued.size) agentsQueuedSince = Date.now();
    agentsQueued.add(agentId);
    if (!agentsDraining) {
      const work = drainAgents();
      background.run('reports: rollups of agent states', () => work);
    }
  }

  /** Resolves once every change published so far has reached the rollups. */
  async function idle() {
    // Rounds waiting for their time start now, and so do the rounds after them until all is written.
    await interactionRounds.hurry(() =>
      agentRounds.hurry(async () => {
        while (draining || agentsDraining) await Promise.allSettled([draining, agentsDraining]);
      }),
    );
  }

  async function rebuildAll(progress?: RebuildProgress) {
    heldInteractions = new Set();
    heldAgents = new Set();
    try {
      await idle();
      await Promise.all([ReportRollup, ReportDay, ReportField, ReportFact, ReportAgentCursor].map((m) => (m as typeof ReportFact).deleteMany({})));
      knownFields.clear();
      const total = await Interaction.countDocuments({});
      let done = 0;
      // In bulk: rollups summed in memory across batches and inserted once at the end (the collections
      // were emptied); past REBUILD_HELD of them, the held ones are added to the stored ones and let go.
      const held = new Map<string, Contribution>();
      let addedBefore = false;
      const hold = (cs: Contribution[]) => {
        for (const c of cs) {
          const k = `${rollupKey(c)}|${c.bucket}`;
          const h = held.get(k);
          if (!h) held.set(k, { ...c, sums: { ...c.sums } });
          else {
            for (const [f, v] of Object.entries(c.sums)) h.sums[f] = (h.sums[f] ?? 0) + v;
            if (c.labels) h.labels = c.labels;
          }
        }
      };
      let batch: Input[] = [];
      const flush = async () => {
        const contexts = await contextsOf(batch);
        const facts: Array<{ _id: Types.ObjectId; contributions: StoredContribution[] }> = [];
        batch.forEach((i, n) => {
          const cs = interactionContributions(i, contexts[n]);
          if (!cs.length) return;
          facts.push({ _id: i._id as Types.ObjectId, contributions: stored(cs) });
          hold(cs);
        });
        if (facts.length) await ReportFact.insertMany(facts, { ordered: false, lean: true });
        if (held.size >= REBUILD_HELD) {
          await increment([...held.values()]);
          held.clear();
          addedBefore = true;
        }
        done += batch.length;
        batch = [];
        progress?.('interactions', done, total);
      };
      for await (const i of Interaction.find({}, { events: 0, transcript: 0, notes: 0 }).lean<Input>().cursor({ batchSize: REBUILD_BATCH })) {
        batch.push(i);
        if (batch.length >= REBUILD_BATCH) await flush();
      }
      await flush();
      const agents = (await AgentStateLog.distinct('userId')).map(String);
      let agentsDone = 0;
      progress?.('agent states', 0, agents.length);
      const cursors: CursorDoc[] = [];
      for (const a of agents) {
        const next = await agentStretches(a, null);
        if (next) {
          hold(next.adds);
          cursors.push(next.cursor);
        }
        progress?.('agent states', ++agentsDone, agents.length);
      }
      const rollupsHeld = [...held.values()];
      held.clear();
      if (addedBefore) await increment(rollupsHeld);
      else await insertFresh(rollupsHeld, progress);
      for (let i = 0; i < cursors.length; i += REBUILD_BATCH) await ReportAgentCursor.insertMany(cursors.slice(i, i + REBUILD_BATCH), { ordered: false, lean: true });
      return { interactions: total, agents: agents.length };
    } finally {
      const interactions = heldInteractions;
      const held = heldAgents;
      heldInteractions = null;
      heldAgents = null;
      for (const id of interactions) onInteraction(id);
      for (const a of held) onAgent(a);
    }
  }

  /** Recomputes every rollup from the interactions and the state log (a new install, or after a fix). */
  function rebuild(progress?: RebuildProgress) {
    if (!rebuilding) {
      rebuildStartedAt = Date.now();
      rebuilding = rebuildAll(progress).finally(() => {
        rebuilding = undefined;
      });
    }
    return rebuilding;
  }

  const subscribe = (bus: EventBus) => {
    bus.on('interaction:changed', ({ id, doc, cause }) => {
      if (!countsOnlyAMessage(cause)) onInteraction(id, doc as InteractionInput);
    });
    bus.on('interactions:changed', ({ ids }) => ids.forEach((id) => onInteraction(id)));
    bus.on('agent:changed', ({ agentUserId }) => onAgent(agentUserId));
  };
  if (deps.bus) subscribe(deps.bus);

  return {
    idle,
    rebuild,
    /** The console is closing: queued changes are written at once, and every later one too (no pacing). */
    closing() {
      interactionRounds.rush();
      agentRounds.rush();
    },
    get rebuilding() {
      return !!rebuilding;
    },

    /**
     * A start-up step (server/index.ts, in the background): rollups empty while interactions or state
     * changes exist (a new version on old data, demo data just seeded, a wiped collection) are rebuilt;
     * the console serves meanwhile.
     */
    async rebuildIfEmpty(progress?: RebuildProgress) {
      if ((await ReportFact.exists({})) || (await ReportAgentCursor.exists({}))) return 'not needed';
      if (!(await Interaction.exists({})) && !(await AgentStateLog.exists({}))) return 'not needed';
      logger.info('reports: rollups are empty, rebuilding them in the background');
      return rebuild(progress);
    },

    /** Up to when the rollups are complete: now, or the oldest change still being applied, or the start of a running rebuild. */
    asOf(): Date {
      if (rebuilding) return new Date(rebuildStartedAt);
      const oldest = Math.min(Date.now(), writingSince, agentsWritingSince, queued.size ? queuedSince : Infinity, agentsQueued.size ? agentsQueuedSince : Infinity);
      return new Date(oldest);
    },

    /** Where each agent's state log was summed to, and the state they are in since. */
    cursors(agentIds: string[] | null) {
      return ReportAgentCursor.find(agentIds ? { _id: { $in: agentIds.map((a) => new Types.ObjectId(a)) } } : {}).lean<
        Array<{ _id: Types.ObjectId; at: Date; state: string; reason?: string | null }>
      >();
    },
  };
}
export type RollupRepository = ReturnType<typeof createRollupRepository>;
