import type { ExclusionReason, SegmentFilter } from '../../shared/schemas/campaign.js';
import { exclusionOf } from './call-list-rules.js';

/**
 * What a segment preview needs of a customer, kept compact: the fields a segment filters on, whether
 * (and why) the call list would leave them out, their household and value. Strings repeated across the
 * base (segments, regions, categories) are kept once (`intern`); names are not kept (the preview reads its
 * sample's five). About 1 kB a customer as objects at 100k, most of it the id and the lists.
 */
export interface SegmentRow {
  id: string;
  kind: unknown;
  segment: unknown;
  atRisk: boolean;
  ageBand: unknown;
  /** Total spend; NaN when not a number (a range never matches it, as in the database). */
  spend: number;
  regions: readonly unknown[];
  categories: readonly unknown[];
  skus: readonly unknown[];
  phoneGranted: boolean;
  exclusion: ExclusionReason | undefined;
  householdId: string | undefined;
  value: number;
}

/** The customer fields a row is made of (a projection). */
export const SEGMENT_ROW_FIELDS = {
  kind: 1,
  'value.segment': 1,
  'value.atRisk': 1,
  'value.lifetimeValue': 1,
  'demographics.ageBand': 1,
  'totals.spend': 1,
  'addresses.region': 1,
  'owned.category': 1,
  'owned.sku': 1,
  'phones.number': 1,
  consents: 1,
  doNotCall: 1,
  householdId: 1,
  purpose: 1,
} as const;

type Consent = { purpose?: unknown; channel?: unknown; granted?: unknown };
type RowDoc = {
  _id: unknown;
  kind?: unknown;
  value?: { segment?: unknown; atRisk?: unknown; lifetimeValue?: unknown } | null;
  demographics?: { ageBand?: unknown } | null;
  totals?: { spend?: unknown } | null;
  addresses?: unknown;
  owned?: unknown;
  phones?: unknown;
  consents?: unknown;
  doNotCall?: unknown;
  householdId?: unknown;
  purpose?: unknown;
};

const listOf = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
/** One empty list for every row without addresses or products (most lists are empty or short). */
const NONE: readonly unknown[] = Object.freeze([]);
const valuesOf = (xs: unknown[]): readonly unknown[] => (xs.length ? xs : NONE);

/** One copy of each repeated string, so 100k rows naming ten regions hold ten strings. */
export function interner() {
  const strings = new Map<string, string>();
  return (v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    const kept = strings.get(v);
    if (kept !== undefined) return kept;
    strings.set(v, v);
    return v;
  };
}

/** A customer's row; `id` is the caller's string of `_id` when it has one (one string per customer, not two). */
export function rowOf(c: RowDoc, intern: (v: unknown) => unknown = (v) => v, id = String(c._id)): SegmentRow {
  const consents = listOf<Consent | null>(c.consents).filter((x): x is Consent => !!x && typeof x === 'object');
  const phones = listOf<{ number?: string | null } | null>(c.phones).map((p) => ({ number: p?.number }));
  const owned = listOf<{ category?: unknown; sku?: unknown } | null>(c.owned).filter((o) => !!o && typeof o === 'object');
  const householdId = typeof c.householdId === 'string' ? c.householdId : undefined;
  const purpose = typeof c.purpose === 'string' ? c.purpose : null;
  const spend = c.totals?.spend;
  const value = c.value?.lifetimeValue;
  return {
    id,
    kind: intern(c.kind),
    segment: intern(c.value?.segment),
    atRisk: c.value?.atRisk === true,
    ageBand: intern(c.demographics?.ageBand),
    spend: typeof spend === 'number' ? spend : NaN,
    regions: valuesOf(listOf<{ region?: unknown } | null>(c.addresses).map((a) => intern(a?.region))),
    categories: valuesOf(owned.map((o) => intern(o!.category))),
    skus: valuesOf(owned.map((o) => intern(o!.sku))),
    phoneGranted: consents.some((x) => x.purpose === 'marketing' && x.channel === 'phone' && x.granted === true),
    exclusion: exclusionOf({ id, phones, consents: consents as Parameters<typeof exclusionOf>[0]['consents'], doNotCall: !!c.doNotCall, purpose }, undefined, new Set()),
    householdId,
    value: typeof value === 'number' ? value : 0,
  };
}

/** Customers a segment's contact conditions name: contacted since the window, or within it. */
export interface SegmentContacts {
  contactedSince?: ReadonlySet<string>;
  contactedRecently?: ReadonlySet<string>;
}

const anyIn = (values: readonly unknown[], wanted: ReadonlySet<unknown>) => values.some((v) => wanted.has(v));

/**
 * Whether a row is in a segment: the same conditions as `segmentToFilter` (segment-filter.ts) asks the
 * database, checked on the row. `test/campaigns/segment-rows.test.ts` holds the two together.
 */
export function segmentMatcher(segment: SegmentFilter, contacts: SegmentContacts = {}): (row: SegmentRow) => boolean {
  const tests: Array<(r: SegmentRow) => boolean> = [];
  const setOf = (xs: readonly unknown[]) => new Set<unknown>(xs);
  if (segment.kind) tests.push((r) => r.kind === segment.kind);
  if (segment.segments?.length) {
    const wanted = setOf(segment.segments);
    tests.push((r) => wanted.has(r.segment));
  }
  if (segment.atRisk !== undefined) tests.push(segment.atRisk ? (r) => r.atRisk : (r) => !r.atRisk);
  if (segment.boughtCategories?.length) {
    const wanted = setOf(segment.boughtCategories);
    tests.push((r) => anyIn(r.categories, wanted) || anyIn(r.skus, wanted));
  }
  if (segment.notBoughtCategories?.length) {
    const unwanted = setOf(segment.notBoughtCategories);
    tests.push((r) => !anyIn(r.categories, unwanted) && !anyIn(r.skus, unwanted));
  }
  if (segment.regions?.length) {
    const wanted = setOf(segment.regions);
    tests.push((r) => anyIn(r.regions, wanted));
  }
  if (segment.ageBands?.length) {
    const wanted = setOf(segment.ageBands);
    tests.push((r) => wanted.has(r.ageBand));
  }
  if (segment.minSpend !== undefined) {
    const min = segment.minSpend;
    tests.push((r) => r.spend >= min);
  }
  const { contactedSince, contactedRecently } = contacts;
  if (contactedSince) tests.push((r) => !contactedSince.has(r.id));
  if (contactedRecently) tests.push((r) => contactedRecently.has(r.id));
  if (segment.phoneConsent === 'granted') tests.push((r) => r.phoneGranted);
  return (r) => tests.every((test) => test(r));
}
