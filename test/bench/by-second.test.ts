import { expect, it } from 'vitest';
import { bySecond } from '../../bench/stats.js';

const at = (second: number, ...ms: number[]) => ms.map((m, i) => ({ at: second * 1000 + i, ms: m }));

it('finds a tail held by one stalled second, not spread over the run', () => {
  const r = bySecond([...at(0, 5, 6, 7), ...at(1, 4, 60), ...at(2, 900, 1200, 1500, 8), ...at(3, 9)], 50, 1);
  expect(r.seconds.map((s) => [s.second, s.n, s.over])).toEqual([
    [0, 3, 0],
    [1, 2, 1],
    [2, 4, 3],
    [3, 1, 0],
  ]);
  expect(r).toMatchObject({ over: 4, secondsOver: 2, shareInWorst: 0.75 });
  expect(r.worst).toEqual([{ second: 2, n: 4, p99: 1500, over: 3 }]);
});

it('has no worst seconds and no share when nothing is over the limit', () => {
  expect(bySecond([...at(0, 1, 2), ...at(4, 3)], 50)).toMatchObject({ over: 0, secondsOver: 0, worst: [], shareInWorst: 0 });
  expect(bySecond([], 50)).toMatchObject({ seconds: [], over: 0, worst: [] });
});
