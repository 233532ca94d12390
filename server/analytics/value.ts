import type { Value } from '../../shared/schemas/customer.js';
import { PurchaseTally, type OwnedItem, type PurchaseLike, type PurchaseTotals } from '../customers/purchase-totals.js';
import { DEFAULT_WINDOW_DAYS, type RfmCuts, type RfmInput, rfmCuts, scoreWithCuts } from '../customers/rfm.js';

/*
 * One customer's value from their transactions: the pure half of keeping scores current. The full
 * recompute feeds every customer through `ValueAccumulator`; the incremental update feeds one.
 */

const DAY_MS = 86_400_000;
/** Spend is "falling" when the last half-year's spend is under this share of the half-year before. */
export const FALLING_SPEND_RATIO = 0.5;
const HALF_YEAR_DAYS = 182;

export type { OwnedItem };

/** Running sums over one customer's transactions (in any order). */
export class ValueAccumulator {
  count = 0;
  spend = 0;
  lastInWindow?: Date;
  recentHalf = 0;
  priorHalf = 0;
  /** All-time totals and owned products, computed as every other path computes them. */
  private readonly lifetime = new PurchaseTally();
  readonly owned: Map<string, OwnedItem> = this.lifetime.owned;

  constructor(
    private readonly now: Date,
    private readonly windowDays = DEFAULT_WINDOW_DAYS,
  ) {}

  add(t: PurchaseLike) {
    const at = t.at.getTime();
    const end = this.now.getTime();
    if (at > end) return;
    this.lifetime.add(t);
    const age = (end - at) / DAY_MS;
    if (age < HALF_YEAR_DAYS) this.recentHalf += t.total;
    else if (age < 2 * HALF_YEAR_DAYS) this.priorHalf += t.total;
    if (age >= this.windowDays) return;
    this.count++;
    this.spend += t.total;
    if (!this.lastInWindow || t.at > this.lastInWindow) this.lastInWindow = t.at;
  }

  input(): RfmInput {
    const round2 = (n: number) => Math.round(n * 100) / 100;
    return { count: this.count, spend: round2(this.spend), lifetimeSpend: this.lifetime.spend, lastPurchaseAt: this.lastInWindow };
  }

  /** Spend in the last half-year fell below half of the half-year before. */
  spendFalling(): boolean {
    return this.priorHalf > 0 && this.recentHalf < this.priorHalf * FALLING_SPEND_RATIO;
  }

  /** The scores against the base's cut points; at risk also when spend is falling. */
  value(cuts: RfmCuts): Value {
    const v = scoreWithCuts(this.input(), cuts, this.now, { windowDays: this.windowDays });
    return { ...v, atRisk: v.atRisk || this.spendFalling() };
  }

  /** Every date key present (unset when none), so the stored totals are replaced whole. */
  totals(): PurchaseTotals {
    const { count, spend, firstAt, lastAt } = this.lifetime;
    return { count, spend, firstAt, lastAt };
  }
}

/** Cut points over a whole base of accumulators. */
export const cutsOf = (accs: Iterable<ValueAccumulator>, now: Date): RfmCuts => rfmCuts([...accs].map((a) => a.input()), now);
