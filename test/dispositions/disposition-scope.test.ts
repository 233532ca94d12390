import { describe, expect, it } from 'vitest';
import type { DispositionCode } from '../../shared/schemas/dispositions.js';
import { codeAt, codesFor, type Where } from '../../server/dispositions/disposition-scope.js';
import { isReached, nextStep } from '../../server/campaigns/call-list-rules.js';

const c = (code: string, scope: string, over: Partial<DispositionCode> = {}): DispositionCode => ({
  id: `${code}@${scope}`,
  code,
  label: code,
  labels: {},
  scope,
  direction: 'inbound',
  endsContact: true,
  action: 'none',
  active: true,
  builtIn: false,
  ...over,
});

const codes = [
  c('resolved', 'all'),
  c('refund', 'queue:billing'),
  c('refund', 'all', { label: 'generic refund' }),
  c('upgrade', 'queue:sales'),
  c('old', 'all', { active: false }),
  c('sale', 'all', { direction: 'outbound' }),
  c('engaged', 'campaign:0123456789abcdef01234567', { direction: 'outbound', action: 'retry', endsContact: false }),
];

describe('which codes apply where', () => {
  const cases: Array<[string, Where, string[]]> = [
    ['a queue: its own codes and everyone’s, active only', { direction: 'inbound', queue: 'billing' }, ['resolved', 'refund@queue:billing']],
    ['another queue: not billing’s', { direction: 'inbound', queue: 'sales' }, ['resolved', 'refund@all', 'upgrade']],
    ['no queue: everyone’s only', { direction: 'inbound' }, ['resolved', 'refund@all']],
    ['a campaign: outbound, its own and everyone’s', { direction: 'outbound', campaignId: '0123456789abcdef01234567' }, ['sale', 'engaged']],
    ['another campaign', { direction: 'outbound', campaignId: 'ffffffffffffffffffffffff' }, ['sale']],
  ];
  for (const [what, where, expected] of cases) {
    it(what, () => {
      expect(codesFor(codes, where).map((x) => (codes.filter((y) => y.code === x.code).length > 1 ? x.id : x.code))).toEqual(expected);
    });
  }

  it('finds a code as the place defines it, or nothing', () => {
    expect(codeAt(codes, 'refund', { direction: 'inbound', queue: 'billing' })?.scope).toBe('queue:billing');
    expect(codeAt(codes, 'upgrade', { direction: 'inbound', queue: 'billing' })).toBeUndefined();
    expect(codeAt(codes, 'old', { direction: 'inbound' })).toBeUndefined();
    expect(codeAt(codes, 'sale', { direction: 'inbound' })).toBeUndefined();
  });
});

describe('what an outbound code schedules', () => {
  const campaign = { maxAttempts: 3, retryMinutes: 60 };
  const now = new Date('2026-11-24T10:00:00Z');
  const later = new Date('2026-11-25T10:00:00Z');
  it.each([
    ['the console’s own retry', 'busy', undefined, { next: 'retry', dueAt: new Date('2026-11-24T11:00:00Z') }, false],
    ['an admin’s retry code', 'line-engaged', 'retry', { next: 'retry', dueAt: new Date('2026-11-24T11:00:00Z') }, false],
    ['an admin’s callback code', 'call-me-later', 'callback', { next: 'callback', dueAt: later }, true],
    ['an admin’s final code', 'already-owns', 'none', { next: 'done', reason: 'already-owns' }, true],
    ['the console’s wrong number: done, nobody reached', 'wrong-number', undefined, { next: 'done', reason: 'wrong-number' }, false],
  ] as const)('%s', (_what, code, action, step, reached) => {
    expect(nextStep(code, 1, campaign, now, later, action)).toEqual(step);
    expect(isReached(code, action)).toBe(reached);
  });
});
