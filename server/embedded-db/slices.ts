import { READER_BUDGET, type ReaderBudgetOptions, readerBudget } from './reader-budget.js';

/** How long a reader's work runs before letting other commands in (MongoDB yields every 10 ms). */
export const SLICE_MS = 5;

/**
 * Readers that have spent a slice and wait for another, first come first served. One of them resumes
 * per turn of the event loop, and every turn polls the sockets first: commands that arrived meanwhile
 * (a pop's reads, a claim, a journal write) run before the next slice, however many long reads are under
 * way. Before, each paused reader resumed in the same turn as the others, so ten concurrent scans made
 * a short command wait behind ten slices (50 ms) instead of one.
 */
const waiting: Array<{ resume: () => void; free: boolean }> = [];
let pumping = false;
/** The pump's wait while long readers are in debt: a reader within its grace that pauses meanwhile cuts it short. */
let sleeping: NodeJS.Timeout | undefined;
/** Long readers' part of the thread while short commands keep coming (reader-budget.ts). */
let budget = readerBudget();

/** The budget of this thread's database (one database per thread; tests set a grace of 0 to see it act). */
export const setReaderBudget = (opts: Partial<ReaderBudgetOptions>) => void (budget = readerBudget({ ...READER_BUDGET, ...opts }));

function pump() {
  if (!waiting.length) {
    pumping = false;
    return;
  }
  // In debt while others are busy: the next slice waits, and the short commands meanwhile run at once;
  // a reader still within its grace (a search) goes ahead of the long ones.
  const wait = budget.waitMs(performance.now());
  const at = wait > 0 ? waiting.findIndex((w) => w.free) : 0;
  if (at < 0) {
    budget.gaveWay(wait);
    sleeping = setTimeout(() => {
      sleeping = undefined;
      pump();
    }, wait);
    return;
  }
  const next = waiting.splice(at, 1)[0].resume;
  // Scheduled before the resumed slice runs (in this callback's microtasks): the next waiter's turn is
  // the next pass of the loop, after its poll.
  setImmediate(pump);
  next();
}

/** Readers waiting for a slice, and how often and long they gave way (for tests and `serverStatus`). */
export const readerStats = () => ({ waiting: waiting.length, ...budget.stats() });

/** A command other than a cursor's next batch ended: others are using the database. */
export const noteShortCommand = () => budget.shortCommand(performance.now());

/**
 * Paces a long loop of a read command: `due()` says when the slice is spent, and `pause()` lets
 * other connections' commands run and waits for this reader's next turn, then starts a new slice.
 */
export function slicer(sliceMs = SLICE_MS) {
  let since = performance.now();
  let worked = 0;
  return {
    due: () => performance.now() - since >= sliceMs,
    async pause() {
      const now = performance.now();
      worked += now - since;
      budget.charge(now, now - since, worked);
      await new Promise<void>((resolve) => {
        const free = budget.inGrace(worked);
        waiting.push({ resume: resolve, free });
        if (!pumping) {
          pumping = true;
          setImmediate(pump);
        } else if (sleeping && free) {
          // A search (or any short reader's second slice) never waits out the long readers' debt.
          clearTimeout(sleeping);
          sleeping = undefined;
          setImmediate(pump);
        }
      });
      since = performance.now();
    },
  };
}
