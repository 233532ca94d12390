import { describe, expect, it } from 'vitest';
import { applyConsent, type ConsentPrecedence, type StoredConsent } from '../../server/customers/consent.js';

const d = (day: number) => new Date(Date.UTC(2026, 0, day));
const c = (purpose: string, channel: string, granted: boolean, source: string, at?: Date): StoredConsent => (at ? { purpose, channel, granted, source, at } : { purpose, channel, granted, source });

const emailMkt = c('marketing', 'email', true, 'web', d(10));
const phoneMkt = c('marketing', 'phone', true, 'web', d(10));
const phoneSvc = c('service', 'phone', true, 'agent:ann', d(10));

describe('applyConsent (every writer of a customer\'s consents)', () => {
  const withdrawPhone = { purpose: 'marketing', channel: 'phone', granted: false };
  const cases: Array<[string, StoredConsent[], ConsentPrecedence, Date | undefined, StoredConsent[]]> = [
    ['appends a purpose × channel not stored yet', [emailMkt], 'always', d(20), [emailMkt, c('marketing', 'phone', false, 'src', d(20))]],
    ['adds to no consents at all', [], 'always', d(20), [c('marketing', 'phone', false, 'src', d(20))]],
    ['always: replaces the stored entry where it stands', [phoneMkt, emailMkt], 'always', d(20), [c('marketing', 'phone', false, 'src', d(20)), emailMkt]],
    ['always: replaces even a newer stored entry', [phoneMkt], 'always', d(1), [c('marketing', 'phone', false, 'src', d(1))]],
    ['other purposes on the same channel are untouched', [phoneSvc], 'always', d(20), [phoneSvc, c('marketing', 'phone', false, 'src', d(20))]],
    ['unless-newer: a later statement replaces', [phoneMkt], 'unless-newer', d(20), [c('marketing', 'phone', false, 'src', d(20))]],
    ['unless-newer: one made at the same moment replaces', [phoneMkt], 'unless-newer', d(10), [c('marketing', 'phone', false, 'src', d(10))]],
    ['unless-newer: an older statement leaves the stored one', [phoneMkt], 'unless-newer', d(5), [phoneMkt]],
    ['unless-newer: replaces a stored entry without a date', [c('marketing', 'phone', true, 'legacy')], 'unless-newer', d(5), [c('marketing', 'phone', false, 'src', d(5))]],
    ['if-newer: a strictly newer statement replaces', [phoneMkt], 'if-newer', d(20), [c('marketing', 'phone', false, 'src', d(20))]],
    ['if-newer: the stored entry wins a tie', [phoneMkt], 'if-newer', d(10), [phoneMkt]],
    ['if-newer: an undated statement never replaces', [phoneMkt], 'if-newer', undefined, [phoneMkt]],
    ['if-newer: a dated statement replaces an undated one', [c('marketing', 'phone', true, 'legacy')], 'if-newer', d(1), [c('marketing', 'phone', false, 'src', d(1))]],
  ];
  it.each(cases)('%s', (_name, stored, precedence, at, expected) => {
    const before = structuredClone(stored);
    const after = applyConsent(stored, withdrawPhone, at, 'src', precedence);
    expect(after).toEqual(expected);
    // Writers keep the record they read for the audit trail's "before": it must not change.
    expect(stored).toEqual(before);
    expect(after).not.toBe(stored);
  });

  it('records the change in the stored shape: purpose, channel, granted, source, at', () => {
    const [entry] = applyConsent([], { purpose: 'service', channel: 'sms', granted: true }, d(3), 'agent:bob');
    expect(Object.keys(entry)).toEqual(['purpose', 'channel', 'granted', 'source', 'at']);
    expect(entry).toEqual({ purpose: 'service', channel: 'sms', granted: true, source: 'agent:bob', at: d(3) });
  });

  it('merging two records: the newest per purpose × channel, the kept record winning ties, in first-seen order', () => {
    const keep = [c('marketing', 'phone', true, 'keep', d(10)), c('marketing', 'email', false, 'keep', d(10))];
    const other = [c('marketing', 'email', true, 'other', d(10)), c('marketing', 'phone', false, 'other', d(12)), c('service', 'post', true, 'other', d(1))];
    let merged: StoredConsent[] = [];
    for (const x of [...keep, ...other]) merged = applyConsent(merged, x, x.at, x.source, 'if-newer');
    expect(merged).toEqual([c('marketing', 'phone', false, 'other', d(12)), c('marketing', 'email', false, 'keep', d(10)), c('service', 'post', true, 'other', d(1))]);
  });
});
