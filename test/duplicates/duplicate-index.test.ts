import { describe, expect, it } from 'vitest';
import { type DuplicateProbe, duplicateIndex, findDuplicates } from '../../server/duplicates/detect.js';
import { random } from '../support/random.js';

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const NAMES = ['Ana Popescu', 'Ana Popesku', 'Ion Ionescu', 'Maria Rossi', 'Mária Rossi', 'Li Wei', 'Wei Li'];
const PHONES = ['+40700000001', '+40700000002', '+40700000003', '+40700000004'];
const EMAILS = ['ana@example.com', 'ANA@example.com', 'ion@example.com'];
const POSTCODES = ['N1 1AA', 'n11aa', 'E2 2BB', ''];

function probeOf(r: () => number, id: string, ids: string[]): DuplicateProbe {
  const some = <T>(xs: readonly T[]) => Array.from({ length: Math.floor(r() * 3) }, () => pick(r, xs));
  return {
    id,
    displayName: pick(r, NAMES),
    phones: some(PHONES),
    emails: some(EMAILS),
    postcodes: some(POSTCODES),
    related: r() < 0.1 ? [pick(r, ids)] : [],
    householdId: r() < 0.1 ? pick(r, ['h1', 'h2']) : undefined,
  };
}

describe('the duplicates index', () => {
  it('gives after any run of additions, changes and removals the pairs a scan of the whole base gives', () => {
    const r = random(21);
    const ids = Array.from({ length: 60 }, (_, i) => `id${String(i).padStart(3, '0')}`);
    const index = duplicateIndex();
    const current = new Map<string, DuplicateProbe>();
    let seen = 0;
    for (let round = 0; round < 40; round++) {
      // Some rounds change nothing: the last answer is given again, or made again for another dismissed list.
      const changes = r() < 0.25 ? 0 : 6;
      for (let k = 0; k < changes; k++) {
        const id = pick(r, ids);
        if (r() < 0.2) {
          index.delete(id);
          current.delete(id);
        } else {
          const probe = probeOf(r, id, ids);
          index.set(probe);
          current.set(id, probe);
        }
      }
      const dismissed = r() < 0.3 ? [`${ids[0]}|${ids[1]}`] : [];
      expect(index.pairs(dismissed), `round ${round}`).toEqual(findDuplicates([...current.values()], dismissed));
      expect(index.size).toBe(current.size);
      const again = index.pairs(dismissed);
      again.pop(); // a caller's change to its copy of the list is not the next caller's answer
      seen += index.pairs(dismissed).length;
    }
    // Pairs of every reason were compared along the way, not an empty list forty times.
    expect(seen).toBeGreaterThan(100);
  });

  it('stops proposing the members of a block once it grows past a shared switchboard size, and again below it', () => {
    const index = duplicateIndex();
    const probe = (i: number, phone: string): DuplicateProbe => ({ id: `p${String(i).padStart(2, '0')}`, displayName: `Person ${i}`, phones: [phone], emails: [], postcodes: [] });
    for (let i = 0; i < 20; i++) index.set(probe(i, '+441000'));
    expect(index.pairs()).toHaveLength((20 * 19) / 2);
    index.set(probe(20, '+441000'));
    expect(index.pairs()).toEqual([]);
    index.set(probe(20, '+442000'));
    expect(index.pairs()).toHaveLength((20 * 19) / 2);
  });
});
