import { ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { Collection } from '../../server/embedded-db/collection.js';
import { slicer } from '../../server/embedded-db/slices.js';

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

/** Customers whose scan needs the general matcher (an $or), so it runs for many slices. */
function customers(count: number) {
  const coll = new Collection('test', 'customers');
  for (let n = 0; n < count; n++) coll.put({ _id: new ObjectId(), n, name: `customer ${n}`, value: { segment: n % 7 === 0 ? 'champion' : 'loyal' } });
  return coll;
}
const champions = { $or: [{ 'value.segment': 'champion' }, { name: 'nobody' }] };

describe('long scans of readers', () => {
  it('let other work run between slices instead of holding the database until they finish', async () => {
    const coll = customers(40_000);
    let finished = false;
    const scan = coll.findSliced(champions, {}, 1).then((r) => {
      finished = true;
      return r;
    });
    let turnsMeanwhile = 0;
    while (!finished && turnsMeanwhile < 1000) {
      await nextTurn();
      if (!finished) turnsMeanwhile++;
    }
    expect(turnsMeanwhile).toBeGreaterThan(1);
    expect((await scan).docs).toHaveLength(Math.ceil(40_000 / 7));
    // The same scan unsliced answers alike.
    expect(coll.find(champions).docs.map((d) => d.n)).toEqual((await scan).docs.map((d) => d.n));
  });

  it("make the answer's projection in slices too: a scan of every document for a few fields never holds the database in one piece", async () => {
    const coll = customers(40_000);
    const turns = async (projection?: Record<string, number>) => {
      // A slice of 0 ms: the scan pauses at every step it offers, so its steps can be counted.
      const scan = coll.findSliced({}, projection ? { projection } : {}, 0);
      let finished = false;
      void scan.then(() => (finished = true));
      let n = 0;
      while (!finished) {
        await nextTurn();
        n++;
      }
      return { n, docs: (await scan).docs };
    };
    const plain = await turns();
    const projected = await turns({ name: 1, _id: 0 });
    expect(projected.docs).toHaveLength(40_000);
    expect(projected.docs[123]).toEqual({ name: 'customer 123' });
    expect(coll.find({}, { projection: { name: 1, _id: 0 } }).docs).toEqual(projected.docs);
    // The projection of 40k documents offered as many steps again as the scan (256 documents each).
    expect(projected.n - plain.n).toBeGreaterThanOrEqual(Math.floor(40_000 / 256) - 1);
  });

  it('answer from the documents as they were when the scan started, whatever is written meanwhile', async () => {
    const coll = customers(40_000);
    const first = [...coll.docs.values()][0];
    const scan = coll.findSliced(champions, { sort: { n: 1 } }, 1);
    await nextTurn();
    // Written while the scan is under way: a champion demoted, a new champion added.
    coll.put({ ...first, value: { segment: 'loyal' } });
    coll.put({ _id: new ObjectId(), n: -1, name: 'late', value: { segment: 'champion' } });
    const { docs } = await scan;
    expect(docs[0]).toMatchObject({ n: 0, value: { segment: 'champion' } });
    expect(docs.some((d) => d.n === -1)).toBe(false);
    // A scan started now sees both changes.
    const now = coll.find(champions, { sort: { n: 1 } }).docs;
    expect(now[0].n).toBe(-1);
    expect(now.some((d) => d.n === 0)).toBe(false);
  });

  it('take turns: however many are under way, one slice runs per pass of the event loop, so a short command waits for one at most', async () => {
    const events: string[] = [];
    // Four readers whose every step spends its slice (0 ms), each for ten slices.
    const reader = async (id: number) => {
      const slice = slicer(0);
      for (let s = 0; s < 10; s++) {
        events.push(`slice ${id}`);
        if (slice.due()) await slice.pause();
      }
    };
    let done = false;
    // What a socket's command sees: a pass of the loop (it polls, then runs the check phase once).
    const observe = () => {
      events.push('pass');
      if (!done) setImmediate(observe);
    };
    setImmediate(observe);
    await Promise.all([0, 1, 2, 3].map(reader));
    done = true;
    const slicesBetweenPasses = events
      .join(',')
      .split('pass')
      .slice(1, -1)
      .map((between) => between.split(',').filter((e) => e.startsWith('slice')).length);
    expect(events.filter((e) => e.startsWith('slice'))).toHaveLength(40);
    expect(Math.max(...slicesBetweenPasses)).toBe(1);
  });
});
