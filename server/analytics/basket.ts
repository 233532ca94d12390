/*
 * Market-basket association rules, pure and I/O-free.
 *
 * A basket is the set of items (SKUs or categories) one customer has bought, over their whole history:
 * "62% of dishwasher buyers also buy tablets" is about customers, and the tablets usually come in a later
 * transaction than the dishwasher. Rules are single item → single item (Apriori stopped at itemsets of two):
 * that is what "customers also bought" and complement offers need, and it mines 100k baskets in well
 * under a second, where longer itemsets would multiply the cost for rules nobody reads aloud.
 *
 * For a rule A → B over N baskets:
 *   support    = baskets with A and B / N
 *   confidence = baskets with A and B / baskets with A
 *   lift       = confidence / (baskets with B / N)
 */

export interface AssociationRule {
  antecedent: string;
  consequent: string;
  /** Baskets holding both items. */
  count: number;
  support: number;
  confidence: number;
  lift: number;
}

export interface MiningOptions {
  /** Least share of baskets an item pair must appear in (default 0.001). */
  minSupport?: number;
  /** Least confidence a rule needs to be kept (default 0.05). */
  minConfidence?: number;
  /** Least baskets an item pair must appear in, whatever the support (default 2): one shopper is not a pattern. */
  minCount?: number;
}

/** Counts items and item pairs over baskets; feed it baskets one by one, then ask for the rules. */
export class BasketCounter {
  baskets = 0;
  private readonly items = new Map<string, number>();
  private readonly pairs = new Map<string, number>();

  add(basket: Iterable<string>) {
    const unique = [...new Set(basket)].sort();
    if (unique.length === 0) return;
    this.baskets++;
    for (const item of unique) this.items.set(item, (this.items.get(item) ?? 0) + 1);
    for (let i = 0; i < unique.length; i++)
      for (let j = i + 1; j < unique.length; j++) {
        // A NUL cannot appear in a SKU or category, so it separates the pair unambiguously.
        const key = `${unique[i]}\u0000${unique[j]}`;
        this.pairs.set(key, (this.pairs.get(key) ?? 0) + 1);
      }
  }

  /** Every rule A → B passing the thresholds, strongest lift first. */
  rules(opts: MiningOptions = {}): AssociationRule[] {
    const n = this.baskets;
    if (n === 0) return [];
    const minSupport = opts.minSupport ?? 0.001;
    const minConfidence = opts.minConfidence ?? 0.05;
    const minCount = opts.minCount ?? 2;
    const out: AssociationRule[] = [];
    for (const [key, count] of this.pairs) {
      if (count < minCount || count / n < minSupport) continue;
      const [a, b] = key.split('\u0000');
      for (const [x, y] of [
        [a, b],
        [b, a],
      ]) {
        const confidence = count / this.items.get(x)!;
        if (confidence < minConfidence) continue;
        out.push({ antecedent: x, consequent: y, count, support: count / n, confidence, lift: confidence / (this.items.get(y)! / n) });
      }
    }
    return out.sort((p, q) => q.lift - p.lift || q.confidence - p.confidence);
  }
}

/** Mines the rules of a list of baskets in one call. */
export function mineRules(baskets: Iterable<Iterable<string>>, opts: MiningOptions = {}): AssociationRule[] {
  const counter = new BasketCounter();
  for (const b of baskets) counter.add(b);
  return counter.rules(opts);
}

/** "62% of dishwashers buyers also buy dishwasher-tablets, lift 4.1": a rule an agent can read aloud. */
export function describeRule(rule: Pick<AssociationRule, 'confidence' | 'lift'>, from: string, to: string): string {
  return `${Math.round(rule.confidence * 100)}% of ${from} buyers also buy ${to}, lift ${rule.lift.toFixed(1)}`;
}
