import { z } from 'zod';
import { ErrorParams, ObjectIdString } from './common.js';
import { ConsentPurpose, ContactChannel, CustomerKind, JobState, PurchaseChannel } from './enums.js';

export const ImportType = z.enum(['customers', 'transactions', 'consents']);
export type ImportType = z.infer<typeof ImportType>;
export const ImportFormat = z.enum(['csv', 'json']);
export type ImportFormat = z.infer<typeof ImportFormat>;

/** The most an upload may hold (the route's body limit is a little above, for the JSON envelope). */
export const IMPORT_MAX_CHARS = 10 * 1024 * 1024;

/** `POST /api/imports`: the file's text, what it holds and how it is written. */
export const ImportRequest = z
  .object({
    type: ImportType,
    format: ImportFormat,
    content: z.string().min(1).max(IMPORT_MAX_CHARS),
    /** Chosen by the caller so it can follow progress (`GET /api/imports/:jobId`) while the upload runs. */
    jobId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
  })
  .strict();
export type ImportRequest = z.infer<typeof ImportRequest>;

// CSV cells arrive as strings and an empty cell means "not given": both formats are read the same way.
const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const text = (max: number) => z.preprocess((v) => (typeof v === 'string' ? blank(v.trim()) : blank(v)), z.string().max(max).optional());
const required = (max: number) => z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().min(1).max(max));
const date = z.preprocess(blank, z.coerce.date().optional());
const bool = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const s = v.trim().toLowerCase();
  return ['true', 'yes', 'y', '1'].includes(s) ? true : ['false', 'no', 'n', '0'].includes(s) ? false : v;
}, z.boolean());

/** One customer row: flat, so a spreadsheet export imports as it is. Keyed by `externalId`. */
export const CustomerImportRow = z
  .object({
    externalId: required(64),
    kind: z.preprocess(blank, CustomerKind.default('person')),
    firstName: text(100),
    lastName: text(100),
    companyName: text(200),
    phone: text(32),
    email: z.preprocess((v) => (typeof v === 'string' ? blank(v.trim().toLowerCase()) : v), z.email().max(256).optional()),
    line1: text(200),
    city: text(100),
    postcode: text(20),
    region: text(100),
    country: z.preprocess((v) => (typeof v === 'string' ? blank(v.trim().toUpperCase()) : v), z.string().length(2).optional()),
    language: text(16),
    contactConfirmedAt: date,
  })
  .refine((c) => (c.kind === 'business' ? !!c.companyName : !!(c.firstName || c.lastName)), {
    message: 'a person needs a first or last name, a business a company name',
    params: { code: 'name_required' },
  });
export type CustomerImportRow = z.infer<typeof CustomerImportRow>;

/**
 * One transaction line: a transaction of several items is several rows with the same `transactionId`
 * (the header fields must agree). Keyed by `transactionId`.
 */
export const TransactionImportRow = z.object({
  transactionId: required(64),
  customerExternalId: required(64),
  at: z.coerce.date(),
  channel: PurchaseChannel,
  store: text(100),
  sku: required(64),
  name: text(200),
  category: text(64),
  qty: z.coerce.number().int().min(1).max(10_000).default(1),
  price: z.coerce.number().min(0).max(10_000_000),
});
export type TransactionImportRow = z.infer<typeof TransactionImportRow>;

/** One consent: keyed by customer, purpose and channel. */
export const ConsentImportRow = z.object({
  customerExternalId: required(64),
  purpose: ConsentPurpose,
  channel: ContactChannel,
  granted: bool,
  source: text(100),
  at: date,
});
export type ConsentImportRow = z.infer<typeof ConsentImportRow>;

/**
 * Why a row was refused, as a code the console words (`imports.rejection.<code>`) with its parameters:
 * - `INVALID`: fields failed their checks (`issues`: field, zod issue code or `name_required`, limit);
 * - `BAD_PHONE`: the phone is not a phone number (`phone`);
 * - `TRANSACTION_MISMATCH`: a line of a transaction disagrees with its first line (`transactionId`, `line`);
 * - `NO_CUSTOMER`: the customer it names is not there (`externalId`; import customers first).
 */
export const ImportRejectionCode = z.enum(['INVALID', 'BAD_PHONE', 'TRANSACTION_MISMATCH', 'NO_CUSTOMER']);
export type ImportRejectionCode = z.infer<typeof ImportRejectionCode>;

/**
 * A row the import refused: where it is (CSV: line in the file, header is line 1; JSON: 1-based
 * position), why as a code with parameters, and the same in English (`reason`, for the CLI and API users).
 */
export const ImportRejection = z.object({ row: z.number(), code: ImportRejectionCode, params: ErrorParams.default({}), reason: z.string() });
export type ImportRejection = z.infer<typeof ImportRejection>;

export const ImportReport = z.object({
  jobId: z.string(),
  type: ImportType,
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  rejected: z.number(),
  /** The first rejected rows (at most 1000) with their reasons. */
  rejections: z.array(ImportRejection),
  /** Customers whose totals, owned products and scores were recomputed (transaction imports). */
  customersRefreshed: z.number(),
  durationMs: z.number(),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** How far a long job someone started has got (`job:progress` on their socket); `type` is what it works on. */
export const JobProgress = z.object({
  jobId: z.string(),
  type: z.string(),
  state: JobState,
  processed: z.number(),
  total: z.number(),
});
export type JobProgress = z.infer<typeof JobProgress>;

/** `GET /api/imports/:jobId`: how far a running import has got. */
export const ImportProgress = JobProgress.extend({ type: ImportType });
export type ImportProgress = z.infer<typeof ImportProgress>;

/** `POST /api/customers/:id/confirm-contact`: the agent confirmed the details, optionally during an interaction. */
export const ConfirmContact = z.object({ interactionId: ObjectIdString.optional() }).strict();
export type ConfirmContact = z.infer<typeof ConfirmContact>;
