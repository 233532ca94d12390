/** How long a reader's work runs before letting other commands in (MongoDB yields every 10 ms). */
export const SLICE_MS = 5;

/**
 * Readers that have spent a slice and wait for another, first come first served. One of them resumes
 * per turn of the event loop, and every turn polls the sockets first: commands that arrived meanwhile
 * (a pop's reads, a claim, a journal write) run before the next slice, however many long reads are under
 * way. Before, each paused reader resumed in the same turn as the others, so ten concurrent scans made
 * a short command wait behind ten slices (50 ms) instead of one.
 */
const waiting: Array<() => void> = [];
let pumping = false;

function pump() {
  const next = waiting.shift();
  if (!next) {
    pumping = false;
    return;
  }
  // Scheduled before the resumed slice runs (in this callback's microtasks): the next waiter's turn is
  // the next pass of the loop, after its poll.
  setImmediate(pump);
  next();
}

/** Readers waiting for a slice (for tests and `serverStatus`). */
export const readersWaiting = () => waiting.length;

/**
 * Paces a long loop of a read command: `due()` says when the slice is spent, and `pause()` lets
 * other connections' commands run and waits for this reader's next turn, then starts a new slice.
 */
export function slicer(sliceMs = SLICE_MS) {
  let since = performance.now();
  return {
    due: () => performance.now() - since >= sliceMs,
    async pause() {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (!pumping) {
          pumping = true;
          setImmediate(pump);
        }
      });
      since = performance.now();
    },
  };
}
