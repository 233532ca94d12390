import type { Segment, Value } from '../../shared/schemas/customer.js';

/*
 * RFM scoring: pure functions over plain numbers, used by the seed now and by the live recomputation later.
 *
 * R (recency) = whole days from the last purchase in the window to `now` — fewer is better.
 * F (frequency) = purchases in the window. M (monetary) = spend in the window.
 * Each is scored 1..5 by quintile among the customers who bought in the window; a customer with no purchase
 * in the window scores R=1, F=1, M=1 (and so lands in 'lost') and is left out of the quintiles, so a large
 * dormant base does not squash everyone else's scores.
 */

export const DEFAULT_WINDOW_DAYS = 365;
const DAY_MS = 86_400_000;

/** What scoring needs about one customer. `count` and `spend` cover the window only. */
export interface RfmInput {
  lastPurchaseAt?: Date;
  count: number;
  spend: number;
  /** All-time spend, for lifetime value; defaults to `spend`. */
  lifetimeSpend?: number;
}

export interface RfmOptions {
  /** Days before `now` that count towards frequency, monetary and recency (default 365). */
  windowDays?: number;
}

/** The three scores, each 1..5 with 5 best. */
export interface RfmScores {
  recency: number;
  frequency: number;
  monetary: number;
}

/** Cut points per dimension, as returned by `quintileBoundaries`. */
export interface RfmCuts {
  recency: number[];
  frequency: number[];
  monetary: number[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Sums one customer's transactions into an RFM input: count, spend and last purchase within the window
 * (`now - windowDays`, `now`], plus all-time spend up to `now`. Transactions after `now` are ignored.
 */
export function rfmInputs(transactions: Iterable<{ at: Date; total: number }>, now: Date, opts: RfmOptions = {}): RfmInput {
  const end = now.getTime();
  const start = end - (opts.windowDays ?? DEFAULT_WINDOW_DAYS) * DAY_MS;
  const input: RfmInput = { count: 0, spend: 0, lifetimeSpend: 0 };
  for (const t of transactions) {
    const at = t.at.getTime();
    if (at > end) continue;
    input.lifetimeSpend = round2(input.lifetimeSpend! + t.total);
    if (at <= start) continue;
    input.count++;
    input.spend = round2(input.spend + t.total);
    if (!input.lastPurchaseAt || at > input.lastPurchaseAt.getTime()) input.lastPurchaseAt = t.at;
  }
  return input;
}

/**
 * The four cut points splitting `values` into quintiles, by nearest rank: the k-th cut is the value at rank
 * ceil(k·n/5) of the ascending order. Ten values v1 ≤ … ≤ v10 give [v2, v4, v6, v8]. No values, no cuts.
 */
export function quintileBoundaries(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  return [1, 2, 3, 4].map((k) => sorted[Math.ceil((k * sorted.length) / 5) - 1]);
}

/**
 * The 1..5 score of a value: it sits in the first quintile whose cut is at or above it (ties fall to the
 * lower quintile), and the score is that quintile — reversed when lower values are better (recency).
 */
export function scoreQuintile(value: number, cuts: readonly number[], higherIsBetter: boolean): number {
  const quintile = Math.min(5, 1 + cuts.filter((c) => value > c).length);
  return higherIsBetter ? quintile : 6 - quintile;
}

/**
 * The segment for a score triple. F and M are averaged into one "FM" score (rounded half up), then:
 *
 *   R 4–5, FM 4–5 → champions            R ≥ 3, FM ≥ 3 (otherwise) → loyal
 *   R ≥ 3, FM 2   → potential-loyalist   R 4–5, FM 1 → new
 *   R ≤ 2, FM 5   → cant-lose            R ≤ 2, FM 3–4 → at-risk
 *   R 1,   FM ≤ 2 → lost                 the rest (R 2–3 with FM ≤ 2, or R 3 with FM 1) → hibernating
 */
export function segmentOf({ recency: r, frequency: f, monetary: m }: RfmScores): Segment {
  const fm = Math.round((f + m) / 2);
  if (r >= 4 && fm >= 4) return 'champions';
  if (r >= 3 && fm >= 3) return 'loyal';
  if (r >= 3 && fm === 2) return 'potential-loyalist';
  if (r >= 4) return 'new';
  if (r <= 2 && fm === 5) return 'cant-lose';
  if (r <= 2 && fm >= 3) return 'at-risk';
  if (r === 1) return 'lost';
  return 'hibernating';
}

/**
 * The churn line: a customer is at risk when their segment says so (at-risk, can't-lose), or when they used
 * to buy often (F ≥ 3) but their last purchase is among the oldest 40% (R ≤ 2). The second rule catches
 * frequent small spenders whose low M keeps them out of the at-risk segment.
 */
export function isAtRisk(scores: RfmScores, segment: Segment = segmentOf(scores)): boolean {
  return segment === 'at-risk' || segment === 'cant-lose' || (scores.recency <= 2 && scores.frequency >= 3);
}

/** Chance a customer makes no purchase in the next 12 months, by recency score. */
const CHURN_BY_RECENCY: Record<number, number> = { 5: 0.1, 4: 0.2, 3: 0.35, 2: 0.55, 1: 0.8 };

/**
 * Expected spend over the next 12 months: average basket × purchases expected at the window's rate
 * (count scaled to a year), × the chance the customer is still buying (1 − churn by recency score).
 * Deliberately simple: it ranks customers sensibly and an agent can explain it in one sentence.
 */
export function potentialValue(input: RfmInput, recencyScore: number, opts: RfmOptions = {}): number {
  if (input.count === 0) return 0;
  const averageBasket = input.spend / input.count;
  const expectedPurchases = (input.count * 365) / (opts.windowDays ?? DEFAULT_WINDOW_DAYS);
  return round2(averageBasket * expectedPurchases * (1 - CHURN_BY_RECENCY[recencyScore]));
}

const daysSince = (at: Date, now: Date) => Math.floor((now.getTime() - at.getTime()) / DAY_MS);
const bought = (i: RfmInput): i is RfmInput & { lastPurchaseAt: Date } => i.count > 0 && !!i.lastPurchaseAt;

/** Quintile cut points over the customers who bought in the window. */
export function rfmCuts(inputs: readonly RfmInput[], now: Date): RfmCuts {
  const buyers = inputs.filter(bought);
  return {
    recency: quintileBoundaries(buyers.map((i) => daysSince(i.lastPurchaseAt, now))),
    frequency: quintileBoundaries(buyers.map((i) => i.count)),
    monetary: quintileBoundaries(buyers.map((i) => i.spend)),
  };
}

/** Scores one customer against cut points computed earlier (how the live system rescoring one customer works). */
export function scoreWithCuts(input: RfmInput, cuts: RfmCuts, now: Date, opts: RfmOptions = {}): Value {
  const scores: RfmScores = bought(input)
    ? {
        recency: scoreQuintile(daysSince(input.lastPurchaseAt, now), cuts.recency, false),
        frequency: scoreQuintile(input.count, cuts.frequency, true),
        monetary: scoreQuintile(input.spend, cuts.monetary, true),
      }
    : { recency: 1, frequency: 1, monetary: 1 };
  const segment = segmentOf(scores);
  return {
    ...scores,
    segment,
    lifetimeValue: round2(input.lifetimeSpend ?? input.spend),
    potentialValue: potentialValue(input, scores.recency, opts),
    atRisk: isAtRisk(scores, segment),
    computedAt: now,
  };
}

/** Scores every customer against the quintiles of the whole set; the result is in input order. */
export function scoreCustomers(inputs: readonly RfmInput[], now: Date, opts: RfmOptions = {}): Value[] {
  const cuts = rfmCuts(inputs, now);
  return inputs.map((input) => scoreWithCuts(input, cuts, now, opts));
}
