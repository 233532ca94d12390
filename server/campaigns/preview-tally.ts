import type { ExclusionReason, SegmentPreview } from '../../shared/schemas/campaign.js';
import { type ListCandidate, exclusionOf } from './call-list-rules.js';

/** What the tally keeps of a customer once judged: the household, the order and the sample need these. */
export interface RankedCandidate {
  id: string;
  /** Unknown to a tally of segment rows: the preview reads its sample's names afterwards. */
  displayName?: string;
  /** Lifetime value: the call list serves the most valuable first, and the sample shows them. */
  value: number;
  householdId?: string | null;
}

export interface PreviewCandidate extends ListCandidate, RankedCandidate {
  displayName: string;
}

const SAMPLE = 5;
/** The call list's order: most valuable first, then by id. */
const before = (a: RankedCandidate, b: RankedCandidate) => (a.value !== b.value ? a.value > b.value : a.id < b.id);

/**
 * A segment preview counted from its customers in any order, giving what the call list would: one
 * customer per household is eligible (the most valuable, as the list keeps the first it meets in its
 * order) and the sample is the list's first five. Reading in the list's order would need every matched
 * customer sorted first (the whole base for a broad segment); here the database streams them as they lie.
 */
export function previewTally(onePerHousehold: boolean) {
  const excluded: Record<string, number> = {};
  let matched = 0;
  /** Customers without another reason to be left out, and those of them outside any household. */
  let passed = 0;
  let single = 0;
  /** Each household's best member so far (all of them eligible only without one-per-household). */
  const households = new Map<string, RankedCandidate>();
  /** The best customers without a household (or all, without one-per-household), at most SAMPLE. */
  let top: RankedCandidate[] = [];
  const keepTop = (c: RankedCandidate) => {
    if (top.length === SAMPLE && !before(c, top[SAMPLE - 1])) return;
    top = [...top, c].sort((a, b) => (before(a, b) ? -1 : 1)).slice(0, SAMPLE);
  };
  /** A matched customer whose reason to be left out (households aside) is already known. */
  const judged = (c: RankedCandidate, reason: ExclusionReason | undefined) => {
    matched++;
    if (reason) {
      excluded[reason] = (excluded[reason] ?? 0) + 1;
      return;
    }
    passed++;
    if (!onePerHousehold || !c.householdId) {
      single++;
      return keepTop(c);
    }
    const best = households.get(c.householdId);
    if (!best || before(c, best)) households.set(c.householdId, c);
  };
  return {
    judged,
    // Households are tallied in `judged`: the rules are asked without them.
    add: (c: PreviewCandidate) => judged(c, exclusionOf(c, undefined, new Set())),
    result(): SegmentPreview {
      // Each household keeps one member; the others are left out as its household's.
      const eligible = single + households.size;
      if (eligible < passed) excluded.household = passed - eligible;
      const sample = [...top, ...households.values()].sort((a, b) => (before(a, b) ? -1 : 1)).slice(0, SAMPLE);
      return { matched, eligible, excluded, sample: sample.map((c) => ({ id: c.id, displayName: c.displayName ?? '' })) };
    },
  };
}
