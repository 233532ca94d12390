import { expect, it } from 'vitest';
import { journalBetween, journalLine } from '../../bench/journal-figures.js';
import { emptyJournalStats } from '../../server/embedded-db/journal.js';

const at = (over: Partial<ReturnType<typeof emptyJournalStats>>) => ({ ...emptyJournalStats(), ...over });

it('takes the counts and sums between two readings, and the slowest batch as it stands at the end', () => {
  const before = at({ batches: 10, commands: 20, bytes: 4096, totalMs: 30, waitedMs: 10, syncedMs: 20, maxMs: 900, over5ms: 2 });
  const after = at({ batches: 110, commands: 220, bytes: 4096 + 204_800, totalMs: 230, waitedMs: 60, writtenMs: 50, syncedMs: 120, maxMs: 900, over5ms: 7, over20ms: 1 });
  const d = journalBetween(before, after);
  expect(d).toMatchObject({ batches: 100, commands: 200, bytes: 204_800, totalMs: 200, waitedMs: 50, writtenMs: 50, syncedMs: 100, maxMs: 900, over5ms: 5, over20ms: 1 });
  expect(journalLine(d, 10)).toBe(
    'journal: 100 batches (10/s, 2.0 commands and 2.0 kB each); mean 2.00 ms from first append to durable = waited 0.50 + queued 0.00 + written 0.50 + synced 1.00 + ordered 0.00; 5.0% took 5 ms or more, 1.0% 20 ms, 0.0% 100 ms (slowest since start 900 ms)',
  );
});

it('says so when no batch was written between the readings', () => {
  expect(journalLine(journalBetween(at({ batches: 3 }), at({ batches: 3 })), 10)).toBe('journal: no batches while the load ran');
});
