import type { Logger } from 'pino';

/**
 * Work started without the caller waiting for it (a pop delivered after the platform has its answer,
 * routing after a call ends, a disconnected screen counted out): each piece is named, its failure is
 * logged under that name, and `settle()` waits for everything still running, so closing the console
 * (or a test's app) never leaves a write behind it.
 */
export function createBackground(logger: Logger) {
  const running = new Set<Promise<unknown>>();
  let closing = false;

  return {
    /** Runs `work` in the background; a failure is logged as `what failed` at `level`. */
    run(what: string, work: () => Promise<unknown>, level: 'error' | 'warn' = 'error', context: object = {}): void {
      const p = Promise.resolve()
        .then(work)
        .catch((err) => logger[level]({ err, ...context }, `${what} failed${closing ? ' (while closing)' : ''}`))
        .finally(() => running.delete(p));
      running.add(p);
    },
    /** Resolves once everything started so far, and anything those started meanwhile, has finished. */
    async settle(): Promise<void> {
      closing = true;
      while (running.size) await Promise.allSettled([...running]);
    },
    get size() {
      return running.size;
    },
  };
}
export type Background = ReturnType<typeof createBackground>;
