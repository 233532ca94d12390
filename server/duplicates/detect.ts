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

/** The key of an unordered pair of ids, as pairs and "not a duplicate" decisions are stored. */
export const pairKey = (x: string, y: string) => (x < y ? `${x}|${y}` : `${y}|${x}`);

/** A name reduced to what survives typing it twice: lower case, no accents, no punctuation, single spaces. */
export const normaliseName = (name: string) => nameWords(name).join(' ');

export const normalisePostcode = (postcode: string) => postcode.toUpperCase().replace(/\s+/g, '');

/**
 * Pairs of records that are probably one customer: the same normalised phone or e-mail, the same name
 * at the same postcode, or a name within two edits at the same postcode. Blocking by key keeps it
 * near-linear, so the whole base can be scanned on demand. Strongest evidence first.
 *
 * Never proposed: people the data links to each other (a relation either way, or one household: spouses
 * sharing a landline are two people), and pairs someone marked "not a duplicate" (`dismissed`, pair keys).
 * Only direct links count: two records both related to a third are often one person recorded twice (the
 * spouse's link was made to the duplicate), so they stay candidates.
 */
export function findDuplicates(probes: readonly DuplicateProbe[], dismissed: Iterable<string> = []): DuplicatePair[] {
  const index = duplicateIndex();
  for (const p of probes) index.set(p);
  return index.pairs(dismissed);
}

/** Groups bigger than this are shared switchboards or placeholders, not one person recorded twice. */
const MAX_GROUP = 20;
/** Names this close (edits) count as similar, when both are at least MIN_NAME long and share a postcode. */
const MAX_NAME_EDITS = 2;
const MIN_NAME = 6;
const STRENGTH: Record<DuplicateReason, number> = { 'same-phone': 3, 'same-email': 3, 'same-name-postcode': 2, 'similar-name': 1 };

/** A block's key: what is shared, prefixed so phones come first, then e-mails, then postcodes. */
const PHONE = '1';
const EMAIL = '2';
const POSTCODE = '3';
const keysOf = (p: DuplicateProbe): string[] => [
  ...new Set([
    ...p.phones.map((x) => PHONE + x),
    ...p.emails.map((e) => EMAIL + e.toLowerCase()),
    ...p.postcodes
      .map(normalisePostcode)
      .filter(Boolean)
      .map((x) => POSTCODE + x),
  ]),
];

type BlockPair = { x: DuplicateProbe; y: DuplicateProbe; reason: DuplicateReason; detail: string };

/**
 * Duplicate candidates kept up to date as customers change: records are grouped in blocks by what they
 * share (a phone, an e-mail, a postcode), and a change compares again only the blocks it left or joined.
 * Comparing the whole base again at every scan took seconds at 100k customers, on a thread five
 * supervisors' previews queue behind. Pure: the caller brings the probes (duplicate-scan.ts).
 */
export function duplicateIndex() {
  const probes = new Map<string, DuplicateProbe>();
  /** Each block's members: most blocks have one, kept as its id alone (a list each was a third of the index). */
  const blocks = new Map<string, string | string[]>();
  /** The pairs each block of two to MAX_GROUP members gives. */
  const blockPairs = new Map<string, BlockPair[]>();
  /** Blocks whose members (or their names) changed since their pairs were made. */
  const dirty = new Set<string>();
  const names = new WeakMap<DuplicateProbe, string>();
  /**
   * The last answer and the "not a duplicate" list it left out: nothing changed since (no block dirty),
   * the same list gets it again without listing, filtering and sorting every pair (supervisors re-scanning
   * a base that did not change).
   */
  let last: { dismissed: string; pairs: DuplicatePair[] } | undefined;
  const nameOf = (p: DuplicateProbe) => {
    let n = names.get(p);
    if (n === undefined) names.set(p, (n = normaliseName(p.displayName)));
    return n;
  };

  function leave(id: string) {
    const old = probes.get(id);
    if (!old) return;
    probes.delete(id);
    for (const key of keysOf(old)) {
      const members = blocks.get(key)!;
      if (typeof members === 'string') blocks.delete(key);
      else {
        members.splice(members.indexOf(id), 1);
        if (members.length === 1) blocks.set(key, members[0]);
      }
      dirty.add(key);
    }
  }

  function pairsOf(key: string, members: DuplicateProbe[]): BlockPair[] {
    const out: BlockPair[] = [];
    const shared = key.slice(1);
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) {
        const [x, y] = [members[i], members[j]];
        if (key[0] === PHONE) out.push({ x, y, reason: 'same-phone', detail: `both have phone ${shared}` });
        else if (key[0] === EMAIL) out.push({ x, y, reason: 'same-email', detail: `both have e-mail ${shared}` });
        else {
          const [nx, ny] = [nameOf(x), nameOf(y)];
          if (nx === ny) out.push({ x, y, reason: 'same-name-postcode', detail: `same name "${x.displayName}" at ${shared}` });
          else if (Math.min(nx.length, ny.length) >= MIN_NAME && distance(nx, ny) <= MAX_NAME_EDITS)
            out.push({ x, y, reason: 'similar-name', detail: `"${x.displayName}" and "${y.displayName}" at ${shared}` });
        }
      }
    return out;
  }

  return {
    get size() {
      return probes.size;
    },
    get: (id: string) => probes.get(id),
    ids: () => probes.keys(),
    /** A customer added or changed. */
    set(probe: DuplicateProbe) {
      leave(probe.id);
      probes.set(probe.id, probe);
      for (const key of keysOf(probe)) {
        const members = blocks.get(key);
        if (members === undefined) blocks.set(key, probe.id);
        else if (typeof members === 'string') blocks.set(key, [members, probe.id]);
        else members.push(probe.id);
        dirty.add(key);
      }
    },
    /** A customer gone (merged away). */
    delete: leave,
    /**
     * The candidate pairs, strongest evidence first (then by ids), leaving out people the data links to
     * each other (a relation either way, one household) and pairs marked "not a duplicate" (pair keys).
     */
    pairs(dismissed: Iterable<string> = []): DuplicatePair[] {
      const excluded = new Set(dismissed);
      const asked = [...excluded].sort().join(' ');
      if (dirty.size === 0 && last?.dismissed === asked) return [...last.pairs];
      for (const key of dirty) {
        const members = blocks.get(key);
        if (typeof members === 'object' && members.length <= MAX_GROUP)
          blockPairs.set(
            key,
            pairsOf(
              key,
              [...members].sort().map((id) => probes.get(id)!),
            ),
          );
        else blockPairs.delete(key);
      }
      dirty.clear();
      const related = (x: DuplicateProbe, y: DuplicateProbe) => !!(x.related?.includes(y.id) || y.related?.includes(x.id));
      const pairs = new Map<string, DuplicatePair>();
      for (const key of [...blockPairs.keys()].sort())
        for (const { x, y, reason, detail } of blockPairs.get(key)!) {
          const k = `${x.id}|${y.id}`;
          if (excluded.has(k) || (x.householdId && x.householdId === y.householdId) || related(x, y)) continue;
          const pair = pairs.get(k) ?? { a: x.id, b: y.id, reasons: [], details: [] };
          if (!pair.reasons.includes(reason)) {
            pair.reasons.push(reason);
            pair.details.push(detail);
          }
          pairs.set(k, pair);
        }
      const strength = (p: DuplicatePair) => p.reasons.reduce((s, r) => s + STRENGTH[r], 0);
      const sorted = [...pairs.values()].sort((p, q) => strength(q) - strength(p) || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : p.b > q.b ? 1 : 0));
      last = { dismissed: asked, pairs: sorted };
      return [...sorted];
    },
  };
}
export type DuplicateIndex = ReturnType<typeof duplicateIndex>;
