import { describe, expect, it } from 'vitest';
import { exclusionOf } from '../../server/campaigns/call-list-rules.js';
import { type PreviewCandidate, previewTally } from '../../server/campaigns/preview-tally.js';

const c = (id: string, value: number, extra: Partial<PreviewCandidate> = {}): PreviewCandidate => ({
  id,
  displayName: `Customer ${id}`,
  value,
  phones: [{ number: `+4477009${id.padStart(5, '0')}` }],
  consents: [],
  ...extra,
});

const tally = (candidates: PreviewCandidate[], onePerHousehold = true) => {
  const t = previewTally(onePerHousehold);
  for (const x of candidates) t.add(x);
  return t.result();
};

/** The call list's own way: every matched customer in its order (value, then id), households as met. */
function inListOrder(candidates: PreviewCandidate[], onePerHousehold: boolean) {
  const sorted = [...candidates].sort((a, b) => b.value - a.value || (a.id < b.id ? -1 : 1));
  const households = onePerHousehold ? new Set<string>() : undefined;
  const excluded: Record<string, number> = {};
  const sample: Array<{ id: string; displayName: string }> = [];
  let eligible = 0;
  for (const x of sorted) {
    const reason = exclusionOf(x, households, new Set());
    if (reason) excluded[reason] = (excluded[reason] ?? 0) + 1;
    else {
      eligible++;
      if (sample.length < 5) sample.push({ id: x.id, displayName: x.displayName });
    }
  }
  return { matched: candidates.length, eligible, excluded, sample };
}

describe('segment preview tally', () => {
  it.each([
    ['nobody', [], { matched: 0, eligible: 0, excluded: {}, sample: [] }],
    ['one callable customer', [c('1', 10)], { matched: 1, eligible: 1, excluded: {}, sample: [{ id: '1', displayName: 'Customer 1' }] }],
    [
      'each reason counted once, the first rule that applies',
      [c('1', 5, { doNotCall: true }), c('2', 5, { purpose: 'erased:2026', doNotCall: true }), c('3', 5, { phones: [] }), c('4', 5, { consents: [{ purpose: 'marketing', channel: 'phone', granted: false }] })],
      { matched: 4, eligible: 0, excluded: { 'do-not-call': 1, erased: 1, 'no-phone': 1, 'opted-out': 1 }, sample: [] },
    ],
    [
      'a household keeps its most valuable member, whatever the order read',
      [c('1', 10, { householdId: 'h' }), c('2', 90, { householdId: 'h' }), c('3', 50)],
      { matched: 3, eligible: 2, excluded: { household: 1 }, sample: [{ id: '2', displayName: 'Customer 2' }, { id: '3', displayName: 'Customer 3' }] },
    ],
    [
      'a household member left out for another reason does not take the household',
      [c('1', 90, { householdId: 'h', doNotCall: true }), c('2', 10, { householdId: 'h' })],
      { matched: 2, eligible: 1, excluded: { 'do-not-call': 1 }, sample: [{ id: '2', displayName: 'Customer 2' }] },
    ],
  ] as const)('%s', (_name, candidates, expected) => {
    expect(tally([...candidates])).toEqual(expected);
  });

  it('gives what reading in the call list order gives, for any order of a mixed base', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 20; round++) {
      const base = Array.from({ length: 300 }, (_, i) =>
        c(String(i).padStart(4, '0'), Math.floor(rand() * 40), {
          householdId: rand() < 0.5 ? `h${Math.floor(rand() * 60)}` : undefined,
          doNotCall: rand() < 0.05,
          phones: rand() < 0.05 ? [] : [{ number: '+447700900000' }],
        }),
      );
      const shuffled = [...base].sort(() => rand() - 0.5);
      for (const one of [true, false]) expect(tally(shuffled, one)).toEqual(inListOrder(base, one));
    }
  });
});
