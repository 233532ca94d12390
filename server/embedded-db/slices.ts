/** How long a reader's work runs before letting other commands in (MongoDB yields every 10 ms). */
export const SLICE_MS = 5;

/**
 * Paces a long loop of a read command: `due()` says when the slice is spent, and `pause()` lets
 * other connections' commands run (a macrotask turn) and starts a new slice.
 */
export function slicer(sliceMs = SLICE_MS) {
  let since = performance.now();
  return {
    due: () => performance.now() - since >= sliceMs,
    async pause() {
      await new Promise<void>((resolve) => setImmediate(resolve));
      since = performance.now();
    },
  };
}
