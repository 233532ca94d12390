import { describe, expect, it } from 'vitest';
import { type FreshnessInput, freshnessOf } from '../../server/freshness/freshness.js';

const NOW = new Date('2026-11-01T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
const joinedLongAgo: FreshnessInput = { createdAt: daysAgo(3000) };

describe('contact details due for confirmation', () => {
  const cases: Array<[string, FreshnessInput, boolean]> = [
    ['a record made years ago and never confirmed, with no sign of use since', joinedLongAgo, true],
    ['a record made within the window', { createdAt: daysAgo(200) }, false],
    ['a confirmation within the window', { ...joinedLongAgo, contactConfirmedAt: daysAgo(364) }, false],
    ['a confirmation older than the window and nothing since', { ...joinedLongAgo, contactConfirmedAt: daysAgo(366) }, true],
    ['a purchase within the window', { ...joinedLongAgo, totals: { lastAt: daysAgo(40) } }, false],
    ['a purchase older than the window', { ...joinedLongAgo, totals: { lastAt: daysAgo(500) } }, true],
    ['a consent the customer changed within the window', { ...joinedLongAgo, consents: [{ source: 'web-signup', at: daysAgo(3000) }, { source: 'campaign-unsubscribe', at: daysAgo(90) }] }, false],
    ['only an import restating consents within the window', { ...joinedLongAgo, consents: [{ source: 'import', at: daysAgo(10) }] }, true],
    ['nothing dated at all', {}, true],
  ];
  it.each(cases)('%s → stale: %s', (_what, input, stale) => {
    expect(freshnessOf(input, NOW).stale).toBe(stale);
  });

  it('reads the window it is given', () => {
    expect(freshnessOf({ createdAt: daysAgo(31) }, NOW, 30).stale).toBe(true);
    expect(freshnessOf({ createdAt: daysAgo(29) }, NOW, 30).stale).toBe(false);
  });

  it('reports when the details were last confirmed', () => {
    expect(freshnessOf({ ...joinedLongAgo, contactConfirmedAt: daysAgo(10) }, NOW)).toEqual({ contactConfirmedAt: daysAgo(10), stale: false });
  });
});
