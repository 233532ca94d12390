import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { databaseGcDuring, databaseGcLine } from '../../bench/gc-trace.js';

// Lines as Node 20's V8 writes them under --trace-gc (from a mixed run's log), between pino's JSON lines.
const T0 = 1_796_643_600_000;
const log = (time: number) => JSON.stringify({ level: 30, time, msg: 'request completed', responseTime: 3 });
const lines = [
  '[12790:0x150a0fd0]       31 ms: Scavenge 4.6 (4.7) -> 4.2 (5.7) MB, 0.96 / 0.00 ms  (average mu = 1.000, current mu = 1.000) allocation failure; ',
  log(T0 + 40),
  // The database's thread: the isolate with the largest heap. Its clock starts at T0 + 1000.
  '[12790:0x7f5a44000f00]     9000 ms: Scavenge 1781.4 (1886.6) -> 1729.6 (1886.6) MB, 9.75 / 0.00 ms  (average mu = 0.838, current mu = 0.819) task; ',
  log(T0 + 10_003),
  '[12790:0x7f5a44000f00]    10000 ms: Scavenge 1783.1 (1887.6) -> 1734.4 (1890.6) MB, 16.21 / 0.00 ms  (average mu = 0.838, current mu = 0.819) task; ',
  log(T0 + 11_001),
  '[12790:0x150a0fd0]    10500 ms: Scavenge 62.9 (108.8) -> 46.0 (50.3) MB, 51.62 / 0.06 ms  (average mu = 1.000, current mu = 1.000) task; ',
  '[12790:0x7f5a44000f00]    12000 ms: Mark-Compact 2061.5 (2216.1) -> 1513.9 (2050.9) MB, 26.24 / 0.01 ms  (+ 526.5 ms in 129 steps since start of marking, biggest step 25.8 ms, walltime since start of marking 751 ms) (average mu = 0.976, current mu = 0.986) finalize incremental marking via task; GC in old space requested',
  log(T0 + 13_050),
  '[12790:0x7f5a44000f00]    20000 ms: Scavenge 1566.6 (2051.1) -> 1520.1 (2051.1) MB, 21.22 / 0.00 ms  (average mu = 0.976, current mu = 0.986) task; ',
  log(T0 + 21_002),
];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-trace-'));
const file = path.join(dir, 'server.log');
fs.writeFileSync(file, lines.join('\n'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("sums the database thread's collections inside the load, placed on the wall clock by the log lines that follow them", () => {
  // The load from T0 + 10.5 s to T0 + 15 s: the second scavenge and the whole-heap one. The clock is placed by the
  // closest following line (1 ms after the second scavenge), so a millisecond late.
  const gc = databaseGcDuring(file, T0 + 10_500, T0 + 15_000)!;
  expect(gc.young).toEqual({ n: 1, totalMs: 16.21, maxMs: 16.21 });
  expect(gc.wholeHeap).toEqual([{ atSec: 2.501, pauseMs: 26.24, markingMs: 526.5, steps: 129, biggestStepMs: 25.8, markingWallMs: 751, heapBeforeMb: 2061.5, heapAfterMb: 1513.9 }]);
  expect(databaseGcLine(gc, 4.5)).toBe(
    "database thread's garbage collection while the load ran (--trace-gc): 1 young-generation pauses (16.2 ms each on average, 16.2 at most; 0.4 % of the time); 1 of the whole heap: at 2.5 s, 2062 → 1514 MB: 527 ms of marking in 129 steps over 751 ms (biggest 25.8 ms), then a 26.2 ms pause",
  );
});

it('leaves out the other threads, and says nothing for a log without a trace', () => {
  expect(databaseGcDuring(file, T0, T0 + 30_000)!.young.n).toBe(3);
  const plain = path.join(dir, 'plain.log');
  fs.writeFileSync(plain, [log(T0), log(T0 + 5)].join('\n'));
  expect(databaseGcDuring(plain, T0, T0 + 30_000)).toBeUndefined();
});
