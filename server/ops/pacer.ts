/**
 * Spaces out the rounds of a background writer that gathers changes while it works (the report
 * rollups): a round starts on the next turn when the last one began at least `ms` ago, else once that
 * much has passed. At 50 calls a second a round every few milliseconds wrote the same half-hour rollups
 * again each time, and each call's five or six changes one by one; a round per `ms` sums them first.
 * On a quiet system nothing waits (the last round is long past). Someone who needs the work done now
 * (`hurry`: a test, a rebuild) makes every round start at once while they wait; a writer that closes
 * (`rush`) never waits again.
 */
export function pacer(ms: number) {
  let lastStart = -Infinity;
  let hurrying = 0;
  let rushed = false;
  const sleepers = new Set<() => void>();
  /** Starts every waiting round now. */
  const wakeAll = () => [...sleepers].forEach((wake) => wake());

  return {
    /**
     * Resolves when the next round may start, and counts it as started. `full`: a whole round's work is
     * waiting already (a backlog), so there is nothing to gather by waiting.
     */
    async next(full = false): Promise<void> {
      const wait = lastStart + ms - Date.now();
      if (wait > 0 && !hurrying && !rushed && !full) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            sleepers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, wait);
          sleepers.add(wake);
        });
      } else {
        // Changes published in the same turn (a bulk write, a burst of events) go in one round.
        await new Promise((next) => setImmediate(next));
      }
      lastStart = Date.now();
    },

    /** Rounds start at once until `work` settles (the waiting ones now). */
    async hurry<T>(work: () => Promise<T>): Promise<T> {
      hurrying++;
      wakeAll();
      try {
        return await work();
      } finally {
        hurrying--;
      }
    },

    /** From now on every round starts at once (the writer is closing: what is queued is written without waiting). */
    rush() {
      rushed = true;
      wakeAll();
    },

    /** Rounds waiting for their time. */
    get waiting() {
      return sleepers.size;
    },
  };
}
