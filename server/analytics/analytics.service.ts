import { Types } from 'mongoose';
import type { Logger } from 'pino';
import type { Value } from '../../shared/schemas/customer.js';
import { DEFAULT_WINDOW_DAYS, type RfmCuts } from '../customers/rfm.js';
import type { Models } from '../db/models.js';
import { createJobLock } from '../ops/job-lock.js';
import { notFound } from '../http/errors.js';
import { BasketCounter, type MiningOptions } from './basket.js';
import { ValueAccumulator, cutsOf } from './value.js';
import type { TransactionCreate } from '../../shared/schemas/offers.js';

const CUTS_KEY = 'current';
const BATCH = 1000;

export interface AnalyticsOptions {
  windowDays?: number;
  mining?: MiningOptions;
}

/** What one full recompute did, for the command line and the benchmark. */
export interface RecomputeReport {
  customers: number;
  transactions: number;
  rules: number;
  cuts: RfmCuts;
  ms: { read: number; score: number; write: number; total: number };
}

/** A purchase to record: the validated body of `POST /api/customers/:id/transactions` (and an import's rows). */
export type TransactionInput = TransactionCreate;

type Progress = (phase: 'read' | 'write', done: number, total: number) => void;

/**
 * Keeps value and basket rules current. `recomputeAll` re-derives every customer's totals, owned
 * products and RFM value in one pass over the transactions, stores the quintile cut points and the
 * association rules; `recordTransaction` scores one customer against the stored cut points at once.
 */
export function createAnalyticsService(models: Models, logger: Logger, opts: AnalyticsOptions = {}) {
  const windowDays = opts.windowDays ?? DEFAULT_WINDOW_DAYS;
  let running: Promise<RecomputeReport> | undefined;

  async function loadCuts(now: Date): Promise<RfmCuts> {
    const doc = await models.RfmCuts.findOne({ key: CUTS_KEY }).lean();
    if (doc) return { recency: doc.recency, frequency: doc.frequency, monetary: doc.monetary };
    // Never recomputed yet: score against empty cuts (everyone who bought scores 5), until the first run.
    return cutsOf([], now);
  }

  const customerUpdate = (acc: ValueAccumulator, value: Value) => ({
    totals: acc.totals(),
    value,
    owned: [...acc.owned.values()].sort((a, b) => a.sku.localeCompare(b.sku)),
  });

  async function recompute(now: Date, progress?: Progress): Promise<RecomputeReport> {
    const t0 = performance.now();
    const total = await models.Transaction.estimatedDocumentCount();
    const accs = new Map<string, ValueAccumulator>();
    let read = 0;
    const cursor = models.Transaction.find({ at: { $lte: now } }, { customerId: 1, at: 1, total: 1, 'items.sku': 1, 'items.category': 1 })
      .lean()
      .cursor({ batchSize: 5000 });
    for await (const t of cursor) {
      const key = String(t.customerId);
      let acc = accs.get(key);
      if (!acc) accs.set(key, (acc = new ValueAccumulator(now, windowDays)));
      acc.add(t);
      if (++read % 10_000 === 0) progress?.('read', read, total);
    }
    progress?.('read', read, read);
    const t1 = performance.now();

    const cuts = cutsOf(accs.values(), now);
    const skus = new BasketCounter();
    const categories = new BasketCounter();
    for (const acc of accs.values()) {
      skus.add(acc.owned.keys());
      categories.add([...acc.owned.values()].map((o) => o.category).filter(Boolean));
    }
    const rules = [
      ...skus.rules(opts.mining).map((r) => ({ level: 'sku', ...r, computedAt: now })),
      ...categories.rules(opts.mining).map((r) => ({ level: 'category', ...r, computedAt: now })),
    ];
    const t2 = performance.now();

    // Every customer is rewritten, buyers or not, so someone whose purchases left the window drops to 'lost'.
    const customerCount = await models.Customer.estimatedDocumentCount();
    const empty = new ValueAccumulator(now, windowDays);
    const emptyUpdate = customerUpdate(empty, empty.value(cuts));
    let written = 0;
    let ops: Parameters<typeof models.Customer.bulkWrite>[0] = [];
    const flush = async () => {
      if (ops.length) await models.Customer.bulkWrite(ops, { ordered: false });
      written += ops.length;
      ops = [];
      progress?.('write', written, customerCount);
    };
    for await (const c of models.Customer.find({}, { _id: 1 }).lean().cursor({ batchSize: 5000 })) {
      const acc = accs.get(String(c._id));
      ops.push({ updateOne: { filter: { _id: c._id }, update: { $set: acc ? customerUpdate(acc, acc.value(cuts)) : emptyUpdate } } });
      if (ops.length === BATCH) await flush();
    }
    await flush();
    await models.AssociationRule.deleteMany({});
    for (let i = 0; i < rules.length; i += BATCH) await models.AssociationRule.insertMany(rules.slice(i, i + BATCH), { ordered: false });
    await models.RfmCuts.updateOne(
      { key: CUTS_KEY },
      { $set: { ...cuts, windowDays, customers: written, transactions: read, computedAt: now } },
      { upsert: true },
    );
    const t3 = performance.now();
    const ms = { read: Math.round(t1 - t0), score: Math.round(t2 - t1), write: Math.round(t3 - t2), total: Math.round(t3 - t0) };
    logger.info({ customers: written, transactions: read, rules: rules.length, ms }, 'analytics recomputed');
    return { customers: written, transactions: read, rules: rules.length, cuts, ms };
  }

  /** Re-derives one customer's totals, owned products and value from their own transactions (indexed read). */
  async function rescore(customerId: Types.ObjectId, now: Date): Promise<Value> {
    const [transactions, cuts] = await Promise.all([
      models.Transaction.find({ customerId, at: { $lte: now } }, { at: 1, total: 1, 'items.sku': 1, 'items.category': 1 }).lean(),
      loadCuts(now),
    ]);
    const acc = new ValueAccumulator(now, windowDays);
    for (const t of transactions) acc.add(t);
    const value = acc.value(cuts);
    await models.Customer.updateOne({ _id: customerId }, { $set: customerUpdate(acc, value), $inc: { version: 1 } });
    return value;
  }

  return {
    /** A full recompute; concurrent calls share the run in progress. */
    recomputeAll(now = new Date(), progress?: Progress): Promise<RecomputeReport> {
      running ??= recompute(now, progress).finally(() => (running = undefined));
      return running;
    },

    rescore(customerId: string, now = new Date()) {
      return rescore(new Types.ObjectId(customerId), now);
    },

    /** Records a purchase and rescores its customer at once, against the base's stored cut points. */
    async recordTransaction(customerId: string, input: TransactionInput, now = new Date()) {
      const _id = new Types.ObjectId(customerId);
      if (!(await models.Customer.exists({ _id }))) throw notFound('customer');
      const doc = input.externalId
        ? await models.Transaction.findOneAndUpdate({ externalId: input.externalId }, { $set: { ...input, customerId: _id } }, { upsert: true, returnDocument: 'after' }).lean()
        : (await models.Transaction.create({ ...input, customerId: _id })).toObject();
      const value = await rescore(_id, now);
      return { transactionId: String(doc!._id), value };
    },

    /** "Customers also bought": the strongest rules from one product. */
    async alsoBought(sku: string, limit = 5) {
      const rules = await models.AssociationRule.find({ level: 'sku', antecedent: sku }).sort({ lift: -1 }).limit(limit).lean();
      const products = await models.Product.find({ sku: { $in: rules.map((r) => r.consequent) } }, { sku: 1, name: 1, category: 1, price: 1 }).lean();
      const bySku = new Map(products.map((p) => [p.sku, p]));
      return rules.map((r) => ({
        sku: r.consequent,
        name: bySku.get(r.consequent)?.name ?? r.consequent,
        category: bySku.get(r.consequent)?.category,
        support: r.support ?? 0,
        confidence: r.confidence ?? 0,
        lift: r.lift ?? 0,
      }));
    },

    /**
     * Recomputes every `everyMs` in the background, in one console process at a time (a lock in the
     * database): with several processes, once per period, not once per process. Returns a stop
     * function, and `tick` (what the timer runs) for tests.
     */
    schedule(everyMs: number, holder: string) {
      const lock = createJobLock(models, 'recompute', holder, { holdMs: 10 * 60_000, minGapMs: everyMs * 0.9, logger });
      const tick = () => lock.runIfFree(() => this.recomputeAll()).catch((err) => (logger.error({ err }, 'scheduled recompute failed'), false));
      const timer = setInterval(() => void tick(), everyMs);
      timer.unref();
      return { stop: () => clearInterval(timer), tick };
    },
  };
}
export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
