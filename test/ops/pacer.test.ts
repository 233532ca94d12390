import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pacer } from '../../server/ops/pacer.js';

/** Starts `next()` and reports, once fake time has moved, whether it resolved. */
function started(p: ReturnType<typeof pacer>, full = false) {
  let done = false;
  const promise = p.next(full).then(() => {
    done = true;
  });
  return { promise, get done() {
    return done;
  } };
}

/** A round started 10 ms after a first one (done): it waits for the pace. */
async function roundWaitingAfterOne(p: ReturnType<typeof pacer>) {
  const first = started(p);
  await vi.advanceTimersByTimeAsync(0);
  expect(first.done).toBe(true);
  const waiting = started(p);
  await vi.advanceTimersByTimeAsync(10);
  expect(waiting.done).toBe(false);
  return waiting;
}

describe('pacer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'Date'] });
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  // Each row: when the previous round began (ms before now, null: never), whether a full round waits,
  // and how long the next round waits.
  const table: Array<{ name: string; lastAgo: number | null; full: boolean; waits: number }> = [
    { name: 'a first round starts on the next turn', lastAgo: null, full: false, waits: 0 },
    { name: 'a round long after the last starts on the next turn', lastAgo: 5000, full: false, waits: 0 },
    { name: 'a round right after the last waits out the pace', lastAgo: 0, full: false, waits: 1000 },
    { name: 'a round 400 ms after the last waits the 600 ms left', lastAgo: 400, full: false, waits: 600 },
    { name: 'a backlog (a full round waiting) never waits', lastAgo: 0, full: true, waits: 0 },
  ];
  it.each(table)('$name', async ({ lastAgo, full, waits }) => {
    const p = pacer(1000);
    if (lastAgo !== null) {
      const first = started(p);
      await vi.advanceTimersByTimeAsync(0);
      expect(first.done).toBe(true);
      await vi.advanceTimersByTimeAsync(lastAgo);
    }
    const round = started(p, full);
    if (waits > 1) {
      await vi.advanceTimersByTimeAsync(waits - 1);
      expect(round.done).toBe(false);
      expect(p.waiting).toBe(1);
    }
    await vi.advanceTimersByTimeAsync(1);
    expect(round.done).toBe(true);
    expect(p.waiting).toBe(0);
  });

  it('starts waiting rounds at once while someone hurries, and paces again after', async () => {
    const p = pacer(1000);
    const waiting = await roundWaitingAfterOne(p);

    let roundsDuring = 0;
    const hurried = p.hurry(async () => {
      await waiting.promise;
      // A round asked for during the hurry does not wait either (one turn of the loop).
      const during = started(p);
      await vi.advanceTimersByTimeAsync(0);
      expect(during.done).toBe(true);
      roundsDuring = 2;
    });
    await vi.advanceTimersByTimeAsync(0);
    await hurried;
    expect(roundsDuring).toBe(2);

    const after = started(p);
    await vi.advanceTimersByTimeAsync(999);
    expect(after.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(after.done).toBe(true);
  });

  it('never waits again once rushed (a closing writer), the waiting round included', async () => {
    const p = pacer(1000);
    const waiting = await roundWaitingAfterOne(p);
    p.rush();
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.done).toBe(true);
    const later = started(p);
    await vi.advanceTimersByTimeAsync(0);
    expect(later.done).toBe(true);
  });
});
