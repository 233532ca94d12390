import { randomUUID } from 'node:crypto';
import { setImmediate as turn } from 'node:timers/promises';
import { type mongo, Types } from 'mongoose';
import type { z } from 'zod';
import {
  ConsentImportRow,
  CustomerImportRow,
  type ImportFormat,
  type ImportProgress,
  type ImportRejection,
  type ImportRejectionCode,
  type ImportReport,
  type ImportType,
  TransactionImportRow,
} from '../../shared/schemas/imports.js';
import { validationIssues } from '../../shared/schemas/common.js';
import type { CustomerDoc } from '../customers/customer.model.js';
import { searchTokensOf } from '../customers/search-terms.js';
import { normalisePhone } from '../customers/phone.js';
import { invalidatePictures, invalidateRelatedNames } from '../customers/picture-snapshot.model.js';
import type { Models } from '../db/models.js';
import { newDocuments } from '../db/new-document.js';
import type { JobTracker } from '../ops/job-progress.js';
import { refreshPurchaseSummaries } from './customer-totals.js';
import { type RawRow, readRows } from './read-rows.js';
import { applyConsent, type StoredConsent } from '../customers/consent.js';

const BATCH = 500;
const MAX_REJECTIONS = 1000;

export type OnProgress = (processed: number, total: number) => void;

/** Counts and rejections of one run, filled in as batches are written. */
class Tally {
  created = 0;
  updated = 0;
  rejected = 0;
  rejections: ImportRejection[] = [];
  reject(row: number, code: ImportRejectionCode, params: Record<string, unknown>, reason: string) {
    this.rejected++;
    if (this.rejections.length < MAX_REJECTIONS) this.rejections.push({ row, code, params, reason });
  }
}

const issuesOf = (error: z.ZodError) => error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');

/** Rows validated per turn of the console's event loop. */
const VALIDATE_SLICE = 500;

/**
 * Validates every raw row with its schema; bad ones go to the tally with the reason. A turn of the event
 * loop every VALIDATE_SLICE rows: 10k rows validated in one piece held the console's thread (every pop and
 * CTI acknowledgement) for about a quarter of a second.
 */
async function validate<S extends z.ZodType>(schema: S, rows: RawRow[], tally: Tally): Promise<Array<{ row: number; data: z.output<S> }>> {
  const valid: Array<{ row: number; data: z.output<S> }> = [];
  for (const [i, r] of rows.entries()) {
    if (i > 0 && i % VALIDATE_SLICE === 0) await turn();
    const parsed = schema.safeParse(r.data);
    if (parsed.success) valid.push({ row: r.row, data: parsed.data });
    else tally.reject(r.row, 'INVALID', { issues: validationIssues(parsed.error.issues) }, issuesOf(parsed.error));
  }
  return valid;
}

/** Puts `entry` in place of the list's entry with the same label (the imported one), first if there is none. */
function replaceLabelled<T extends { label?: string | null }>(list: T[], entry: T, same: (a: T, b: T) => boolean): T[] {
  const rest = list.filter((x) => x.label !== entry.label && !same(x, entry));
  return [entry, ...rest];
}

export interface ImportOptions {
  /**
   * Rescores one customer's value (RFM against the stored cut points) after their purchases changed;
   * totals and owned products are recomputed here either way.
   */
  rescore?: (customerId: string) => Promise<unknown>;
  /** Where each import's progress is recorded (any process can read it) and pushed to whoever started it. */
  jobs?: JobTracker;
}

export function createImportService(models: Models, options: ImportOptions = {}) {
  const { Customer, Transaction, Product } = models;

  /**
   * New customers are built as the schema stores them and inserted through the driver: zod has checked
   * every row (CustomerImportRow) and each value is built below with its stored type, so mongoose's
   * building, casting and validating of a document per row checked nothing, and it was four fifths of an
   * import's CPU on the console's event loop (10k rows: 3.6 s, against every pop and CTI acknowledgement).
   */
  const newCustomer = newDocuments(Customer);

  async function importCustomers(rows: RawRow[], tally: Tally, progress: OnProgress) {
    const valid = await validate(CustomerImportRow, rows, tally);
    let done = rows.length - valid.length;
    for (let i = 0; i < valid.length; i += BATCH) {
      const batch = valid.slice(i, i + BATCH);
      const existing = await Customer.find({ externalId: { $in: batch.map((r) => r.data.externalId) } }).lean<CustomerDoc[]>();
      const byExternalId = new Map(existing.map((c) => [c.externalId!, c]));
      // A record seen earlier in this batch is updated in memory, so one file may name a customer twice.
      const pending = new Map<string, { doc: Record<string, unknown>; isNew: boolean; id: Types.ObjectId }>();
      for (const { row, data } of batch) {
        const phone = data.phone ? normalisePhone(data.phone) : undefined;
        if (phone === null) {
          tally.reject(row, 'BAD_PHONE', { phone: data.phone }, `phone: "${data.phone}" is not a phone number`);
          continue;
        }
        const prior = pending.get(data.externalId);
        const before = (prior?.doc ?? byExternalId.get(data.externalId)) as Partial<CustomerDoc> | undefined;
        const isNew = prior ? prior.isNew : !before;
        const doc: Record<string, unknown> = { ...(prior?.doc ?? {}) };
        const firstName = data.firstName ?? before?.firstName ?? undefined;
        const lastName = data.lastName ?? before?.lastName ?? undefined;
        const companyName = data.companyName ?? before?.companyName ?? undefined;
        Object.assign(doc, {
          externalId: data.externalId,
          kind: data.kind,
          firstName,
          lastName,
          companyName,
          displayName: data.kind === 'business' ? companyName : [firstName, lastName].filter(Boolean).join(' '),
        });
        const phones: Array<{ label?: string | null; number: string }> = [...(before?.phones ?? [])];
        doc.phones = phone ? replaceLabelled(phones, { label: 'main', number: phone }, (a, b) => a.number === b.number) : phones;
        const emails: Array<{ label?: string | null; address: string }> = [...(before?.emails ?? [])];
        doc.emails = data.email ? replaceLabelled(emails, { label: 'main', address: data.email }, (a, b) => a.address === b.address) : emails;
        const addresses: Array<{ label?: string | null; postcode?: string | null }> = [...(before?.addresses ?? [])];
        if (data.line1 || data.city || data.postcode) {
          const address = { label: 'main', line1: data.line1 ?? '', city: data.city ?? '', postcode: data.postcode ?? '', region: data.region ?? '', country: data.country ?? 'GB' };
          doc.addresses = replaceLabelled(addresses, address, () => false);
        } else doc.addresses = addresses;
        if (data.language) doc['preferences.language'] = data.language;
        if (data.contactConfirmedAt) doc.contactConfirmedAt = data.contactConfirmedAt;
        doc.searchTokens = searchTokensOf(doc as unknown as Parameters<typeof searchTokensOf>[0]);
        pending.set(data.externalId, { doc, isNew, id: prior?.id ?? (before as CustomerDoc | undefined)?._id ?? new Types.ObjectId() });
        if (isNew && !prior) tally.created++;
        else tally.updated++;
      }
      // An update is stamped as the schema's timestamps would; undefined fields left out, as mongoose leaves them out.
      const now = new Date();
      const ops: mongo.AnyBulkWriteOperation[] = [...pending.values()].map(({ doc, isNew, id }) => {
        if (isNew) {
          const { 'preferences.language': language, ...rest } = doc;
          return { insertOne: { document: newCustomer({ _id: id, ...rest, ...(language ? { preferences: { language } } : {}) }, now) } };
        }
        return { updateOne: { filter: { _id: id }, update: { $set: { ...doc, updatedAt: now }, $inc: { version: 1 } } } };
      });
      if (ops.length) await Customer.collection.bulkWrite(ops, { ordered: false, ignoreUndefined: true });
      // Names may have changed: pictures showing these customers as related are rebuilt (bulkWrite runs no hooks).
      await invalidateRelatedNames(Customer.db, [...pending.values()].filter((p) => !p.isNew).map((p) => p.id));
      done += batch.length;
      progress(done, rows.length);
    }
    return 0;
  }

  async function importTransactions(rows: RawRow[], tally: Tally, progress: OnProgress) {
    const valid = await validate(TransactionImportRow, rows, tally);
    const products = new Map((await Product.find({}, { sku: 1, name: 1, category: 1 }).lean()).map((p) => [p.sku, p]));
    // Lines of one transaction share its id; its header fields come from its first line.
    const groups = new Map<string, { head: (typeof valid)[number]; lines: typeof valid }>();
    for (const line of valid) {
      const g = groups.get(line.data.transactionId);
      if (!g) groups.set(line.data.transactionId, { head: line, lines: [line] });
      else {
        const h = g.head.data;
        const d = line.data;
        if (h.customerExternalId !== d.customerExternalId || h.at.getTime() !== d.at.getTime() || h.channel !== d.channel)
          tally.reject(
            line.row,
            'TRANSACTION_MISMATCH',
            { transactionId: d.transactionId, line: g.head.row },
            `transaction ${d.transactionId}: customer, time and channel must match its first line (line ${g.head.row})`,
          );
        else g.lines.push(line);
      }
    }
    const affected = new Map<string, Types.ObjectId>();
    const all = [...groups.values()];
    let done = rows.length - valid.length;
    for (let i = 0; i < all.length; i += BATCH) {
      const batch = all.slice(i, i + BATCH);
      const [customers, existing] = await Promise.all([
        Customer.find({ externalId: { $in: [...new Set(batch.map((g) => g.head.data.customerExternalId))] } }, { externalId: 1 }).lean(),
        Transaction.find({ externalId: { $in: batch.map((g) => g.head.data.transactionId) } }, { externalId: 1, customerId: 1 }).lean(),
      ]);
      const customerIds = new Map(customers.map((c) => [c.externalId!, c._id]));
      const existingById = new Map(existing.map((t) => [t.externalId!, t]));
      const ops = [];
      for (const { head, lines } of batch) {
        const h = head.data;
        const customerId = customerIds.get(h.customerExternalId);
        if (!customerId) {
          for (const l of lines)
            tally.reject(l.row, 'NO_CUSTOMER', { externalId: h.customerExternalId }, `customerExternalId: no customer ${h.customerExternalId} (import customers first)`);
          continue;
        }
        const items = lines.map(({ data: d }) => ({
          sku: d.sku,
          name: d.name ?? products.get(d.sku)?.name ?? d.sku,
          category: d.category ?? products.get(d.sku)?.category ?? '',
          qty: d.qty,
          price: d.price,
        }));
        const total = Math.round(items.reduce((s, it) => s + it.qty * it.price, 0) * 100) / 100;
        const before = existingById.get(h.transactionId);
        if (before) {
          tally.updated++;
          affected.set(String(before.customerId), before.customerId);
        } else tally.created++;
        affected.set(String(customerId), customerId);
        ops.push({
          updateOne: {
            filter: { externalId: h.transactionId },
            update: { $set: { customerId, at: h.at, channel: h.channel, store: h.store, items, total } },
            upsert: true,
          },
        });
      }
      if (ops.length) await Transaction.bulkWrite(ops, { ordered: false });
      done += batch.reduce((n, g) => n + g.lines.length, 0);
      progress(Math.min(done, rows.length), rows.length);
    }
    progress(rows.length, rows.length);
    // bulkWrite runs no per-document hooks: the pictures' snapshots of these customers are dropped here.
    await invalidatePictures(Transaction.db, affected.values());
    if (!options.rescore) return refreshPurchaseSummaries(models, affected.values());
    // Rescoring re-derives totals and owned products as well as the value scores.
    for (const id of affected.keys()) await options.rescore(id);
    return affected.size;
  }

  async function importConsents(rows: RawRow[], tally: Tally, progress: OnProgress, now: Date) {
    const valid = await validate(ConsentImportRow, rows, tally);
    let done = rows.length - valid.length;
    for (let i = 0; i < valid.length; i += BATCH) {
      const batch = valid.slice(i, i + BATCH);
      const customers = await Customer.find({ externalId: { $in: [...new Set(batch.map((r) => r.data.customerExternalId))] } }, { externalId: 1, consents: 1 }).lean();
      const byExternalId = new Map(customers.map((c) => [c.externalId!, { id: c._id, consents: c.consents as StoredConsent[], changed: false }]));
      for (const { row, data } of batch) {
        const c = byExternalId.get(data.customerExternalId);
        if (!c) {
          tally.reject(row, 'NO_CUSTOMER', { externalId: data.customerExternalId }, `customerExternalId: no customer ${data.customerExternalId} (import customers first)`);
          continue;
        }
        // The newest statement of the customer's wish wins: an old file never overrides a later change.
        const next = applyConsent(c.consents, data, data.at ?? now, data.source ?? 'import', 'unless-newer');
        // A row for a purpose × channel the customer had no entry for adds one; any other row counts as an update.
        if (next.length > c.consents.length) tally.created++;
        else tally.updated++;
        c.consents = next;
        c.changed = true;
      }
      const ops = [...byExternalId.values()]
        .filter((c) => c.changed)
        .map((c) => ({ updateOne: { filter: { _id: c.id }, update: { $set: { consents: c.consents }, $inc: { version: 1 } } } }));
      if (ops.length) await Customer.bulkWrite(ops, { ordered: false });
      done += batch.length;
      progress(done, rows.length);
    }
    return 0;
  }

  return {
    /**
     * Imports one file: every row validated, bad rows reported with their position and reason, good rows
     * upserted by external id (a re-import updates). Transactions refresh their customers' totals.
     */
    async run(input: { type: ImportType; format: ImportFormat; content: string; jobId?: string; startedBy?: string }, onProgress: OnProgress = () => {}): Promise<ImportReport> {
      const started = Date.now();
      const jobId = input.jobId ?? randomUUID();
      const rows = await readRows(input.content, input.format);
      const job = await options.jobs?.start(jobId, input.type, rows.length, input.startedBy);
      const progress: OnProgress = (processed, total) => {
        job?.progress(processed, total);
        onProgress(processed, total);
      };
      const tally = new Tally();
      try {
        const refreshed =
          input.type === 'customers'
            ? await importCustomers(rows, tally, progress)
            : input.type === 'transactions'
              ? await importTransactions(rows, tally, progress)
              : await importConsents(rows, tally, progress, new Date());
        await job?.finish('done');
        tally.rejections.sort((a, b) => a.row - b.row);
        return {
          jobId,
          type: input.type,
          rows: rows.length,
          created: tally.created,
          updated: tally.updated,
          rejected: tally.rejected,
          rejections: tally.rejections,
          customersRefreshed: refreshed,
          durationMs: Date.now() - started,
        };
      } catch (err) {
        await job?.finish('failed', (err as Error).message);
        throw err;
      }
    },

    /** How far a job has got, as recorded in the database (whichever process runs it). */
    progress: async (jobId: string): Promise<ImportProgress | null> => {
      const job = await options.jobs?.get(jobId);
      return job ? { ...job, type: job.type as ImportType } : null;
    },
  };
}
export type ImportService = ReturnType<typeof createImportService>;
