import { describe, expect, it } from 'vitest';
import { describeRule, mineRules } from '../../server/analytics/basket.js';

/*
 * Hand-worked: six baskets {A,B} {A,B,C} {A,C} {B} {A,B} {C,D}.
 * Items: A 4, B 4, C 3, D 1. Pairs: AB 3, AC 2, BC 1, CD 1.
 *   A→B: support 3/6 = 0.500, confidence 3/4 = 0.750, lift 0.75 / (4/6) = 1.125
 *   A→C: support 2/6 = 0.333, confidence 2/4 = 0.500, lift 0.5 / (3/6) = 1.000
 *   C→A: support 0.333, confidence 2/3 = 0.667, lift 0.667 / (4/6) = 1.000
 * BC and CD occur once: below the two-basket minimum, so no rule.
 */
const baskets = [['A', 'B'], ['A', 'B', 'C'], ['A', 'C'], ['B'], ['A', 'B'], ['C', 'D']];
const find = (rules: ReturnType<typeof mineRules>, a: string, c: string) => rules.find((r) => r.antecedent === a && r.consequent === c);

describe('association rules', () => {
  const rules = mineRules(baskets, { minSupport: 0.1, minConfidence: 0.1 });

  it('computes support, confidence and lift to the third decimal', () => {
    const ab = find(rules, 'A', 'B')!;
    expect(ab.support).toBeCloseTo(0.5, 3);
    expect(ab.confidence).toBeCloseTo(0.75, 3);
    expect(ab.lift).toBeCloseTo(1.125, 3);
    const ac = find(rules, 'A', 'C')!;
    expect(ac.support).toBeCloseTo(0.333, 3);
    expect(ac.confidence).toBeCloseTo(0.5, 3);
    expect(ac.lift).toBeCloseTo(1.0, 3);
    const ca = find(rules, 'C', 'A')!;
    expect(ca.confidence).toBeCloseTo(0.667, 3);
    expect(ca.lift).toBeCloseTo(1.0, 3);
  });

  it('keeps no rule for a pair seen in a single basket', () => {
    expect(find(rules, 'B', 'C')).toBeUndefined();
    expect(find(rules, 'C', 'D')).toBeUndefined();
  });

  it('drops rules under the confidence threshold and sorts by lift', () => {
    const strict = mineRules(baskets, { minConfidence: 0.7 });
    expect(strict.map((r) => `${r.antecedent}>${r.consequent}`).sort()).toEqual(['A>B', 'B>A']);
    expect(rules[0].lift).toBeGreaterThanOrEqual(rules[rules.length - 1].lift);
  });

  it('counts an item once per basket however often it was bought', () => {
    const [r] = mineRules([['A', 'A', 'B'], ['A', 'B']], {});
    expect(r.support).toBe(1);
    expect(r.confidence).toBe(1);
  });

  it('reads a rule aloud', () => {
    expect(describeRule({ confidence: 0.623, lift: 4.06 }, 'dishwashers', 'dishwasher-tablets')).toBe('62% of dishwashers buyers also buy dishwasher-tablets, lift 4.1');
  });
});
