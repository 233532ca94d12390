import { distance } from 'fastest-levenshtein';
import { nameWords } from '../customers/search-terms.js';
import type { DuplicateReason } from '../../shared/schemas/duplicates.js';

/** What detection needs of a customer. */
export interface DuplicateProbe {
  id: string;
  displayName: string;
  phones: string[];
  emails: string[];
  postcodes: string[];
  /** Customers the data links this one to (spouse, household, employer...): never proposed as the same person. */
  related?: string[];
  /** Household members share a landline and an address by nature: never proposed as the same person. */
  householdId?: string;
}

export interface DuplicatePair {
  a: string;
  b: string;
  reasons: DuplicateReason[];
  details: string[];
}

/** Groups bigger than this are shared switchboards or placeholders, not one person recorded twice. */
const MAX_GROUP = 20;
/** Names this close (edits) count as similar, when both are at least MIN_NAME long and share a postcode. */
const MAX_NAME_EDITS = 2;
const MIN_NAME = 6;
const STRENGTH: Record<DuplicateReason, number> = { 'same-phone': 3, 'same-email': 3, 'same-name-postcode': 2, 'similar-name': 1 };

/** The key of an unordered pair of ids, as pairs and "not a duplicate" decisions are stored. */
export const pairKey = (x: string, y: string) => (x < y ? `${x}|${y}` : `${y}|${x}`);

/** A name reduced to what survives typing it twice: lower case, no accents, no punctuation, single spaces. */
export const normaliseName = (name: string) => nameWords(name).join(' ');

export const normalisePostcode = (postcode: string) => postcode.toUpperCase().replace(/\s+/g, '');

/**
 * Pairs of records that are probably one customer: the same normalised phone or e-mail, the same name
 * at the same postcode, or a name within two edits at the same postcode. Pure: blocking by key keeps it
 * near-linear, so the whole base can be scanned on demand. Strongest evidence first.
 *
 * Never proposed: people the data links to each other (a relation either way, or one household: spouses
 * sharing a landline are two people), and pairs someone marked "not a duplicate" (`dismissed`, pair keys).
 * Only direct links count: two records both related to a third are often one person recorded twice (the
 * spouse's link was made to the duplicate), so they stay candidates.
 */
export function findDuplicates(probes: readonly DuplicateProbe[], dismissed: Iterable<string> = []): DuplicatePair[] {
  const pairs = new Map<string, DuplicatePair>();
  const excluded = new Set(dismissed);
  for (const p of probes) for (const r of p.related ?? []) excluded.add(pairKey(p.id, r));
  const add = (x: DuplicateProbe, y: DuplicateProbe, reason: DuplicateReason, detail: string) => {
    const [a, b] = x.id < y.id ? [x, y] : [y, x];
    const key = `${a.id}|${b.id}`;
    if (excluded.has(key) || (a.householdId && a.householdId === b.householdId)) return;
    const pair = pairs.get(key) ?? { a: a.id, b: b.id, reasons: [], details: [] };
    if (!pair.reasons.includes(reason)) {
      pair.reasons.push(reason);
      pair.details.push(detail);
    }
    pairs.set(key, pair);
  };
  const blocks = (keysOf: (p: DuplicateProbe) => string[]) => {
    const map = new Map<string, DuplicateProbe[]>();
    for (const p of probes)
      for (const k of new Set(keysOf(p))) {
        const list = map.get(k);
        if (list) list.push(p);
        else map.set(k, [p]);
      }
    return [...map.entries()].filter(([, list]) => list.length > 1 && list.length <= MAX_GROUP);
  };
  const eachPair = (list: DuplicateProbe[], fn: (x: DuplicateProbe, y: DuplicateProbe) => void) => {
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) fn(list[i], list[j]);
  };

  for (const [phone, list] of blocks((p) => p.phones)) eachPair(list, (x, y) => add(x, y, 'same-phone', `both have phone ${phone}`));
  for (const [email, list] of blocks((p) => p.emails.map((e) => e.toLowerCase())))
    eachPair(list, (x, y) => add(x, y, 'same-email', `both have e-mail ${email}`));
  // Each name normalised once, not once per pair it is compared in (that was most of a scan's time).
  const names = new Map<DuplicateProbe, string>();
  const nameOf = (p: DuplicateProbe) => {
    let n = names.get(p);
    if (n === undefined) names.set(p, (n = normaliseName(p.displayName)));
    return n;
  };
  for (const [postcode, list] of blocks((p) => p.postcodes.map(normalisePostcode).filter(Boolean)))
    eachPair(list, (x, y) => {
      const nx = nameOf(x);
      const ny = nameOf(y);
      if (nx === ny) add(x, y, 'same-name-postcode', `same name "${x.displayName}" at ${postcode}`);
      else if (Math.min(nx.length, ny.length) >= MIN_NAME && distance(nx, ny) <= MAX_NAME_EDITS)
        add(x, y, 'similar-name', `"${x.displayName}" and "${y.displayName}" at ${postcode}`);
    });

  const strength = (p: DuplicatePair) => p.reasons.reduce((s, r) => s + STRENGTH[r], 0);
  return [...pairs.values()].sort((p, q) => strength(q) - strength(p) || p.a.localeCompare(q.a));
}
