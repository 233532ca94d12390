/**
 * Work queued per key and run one at a time in this process, in the order it was queued: a failure
 * does not stop the work queued after it. Keys are forgotten once their queue is empty, so memory
 * follows the keys in use, not every key ever seen.
 */
export function serialByKey() {
  const chains = new Map<string, Promise<unknown>>();
  return function serial<T>(key: string, work: () => Promise<T>): Promise<T> {
    const run = (chains.get(key) ?? Promise.resolve()).catch(() => {}).then(work);
    chains.set(key, run);
    void run.finally(() => chains.get(key) === run && chains.delete(key)).catch(() => {});
    return run;
  };
}
