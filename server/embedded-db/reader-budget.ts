/**
 * How much of the database thread long readers (a segment preview's scan, a duplicates scan, an
 * updateMany over a collection) may take while short commands keep arriving. Every command runs on one
 * thread; slicing (slices.ts) lets a short command in between two slices, but on a busy floor the
 * slices of five supervisors' scans still took a third of the thread, and their results a core of
 * decoding elsewhere, from the calls' writes and the pops' reads. Background work in a database gets a
 * budget while foreground work waits (PostgreSQL's vacuum cost delay is the classic case): here long
 * readers earn `share` of each millisecond while other commands ran in the last `busyMs`, may bank up
 * to `burstMs`, and wait when they are in debt. On a quiet database nothing is held back: a scan alone
 * runs at full speed. A reader's first `graceMs` of work are free, so a search or a page of a report,
 * which are someone waiting at a screen, never wait for the budget.
 *
 * No I/O and no clock of its own: slices.ts feeds it times; test/embedded-db/reader-budget.test.ts
 * tables its answers.
 */
export interface ReaderBudgetOptions {
  /** Long readers' part of the thread while others are busy (0–1). */
  share: number;
  /** The most a quiet spell can bank, so a long quiet spell does not license a long stall after it. */
  burstMs: number;
  /** Since a short command last ended, how long the database counts as busy. */
  busyMs: number;
  /** Work of one reader that is never budgeted. */
  graceMs: number;
}

export const READER_BUDGET: ReaderBudgetOptions = { share: 0.25, burstMs: 20, busyMs: 20, graceMs: 100 };

export function readerBudget(opts: ReaderBudgetOptions = READER_BUDGET) {
  let credit = opts.burstMs;
  let creditAt: number | undefined;
  let lastShort = -Infinity;
  const stats = { waits: 0, waitedMs: 0, chargedMs: 0 };
  const refill = (now: number) => {
    if (creditAt !== undefined) credit = Math.min(opts.burstMs, credit + (now - creditAt) * opts.share);
    creditAt = now;
  };
  return {
    /** A short command ended (any command but a cursor's next batch). */
    shortCommand(now: number) {
      lastShort = now;
    },
    /**
     * A reader spent `ms` in its last slice, `workedMs` in all. Only work past the grace, and only while
     * others are busy, is charged: a job alone on a quiet database runs up no debt to be stalled by later.
     */
    charge(now: number, ms: number, workedMs: number) {
      refill(now);
      if (now - lastShort > opts.busyMs) return;
      const charged = Math.max(0, Math.min(ms, workedMs - opts.graceMs));
      credit -= charged;
      stats.chargedMs += charged;
    },
    /** How long the next slice must wait (0: now). */
    waitMs(now: number): number {
      refill(now);
      if (credit >= 0 || now - lastShort > opts.busyMs) return 0;
      return Math.ceil(-credit / opts.share);
    },
    /** Long readers were held back `ms` (counted for serverStatus). */
    gaveWay(ms: number) {
      stats.waits++;
      stats.waitedMs += ms;
    },
    /** Whether a reader that has worked this long is still free of the budget. */
    inGrace: (workedMs: number) => workedMs < opts.graceMs,
    /** For serverStatus: how often and how long long readers gave way. */
    stats: () => ({ ...stats }),
  };
}
export type ReaderBudget = ReturnType<typeof readerBudget>;
