import DataLoader from 'dataloader';

/**
 * Reads of one kind asked for in the same turn of the event loop, answered by one command: `readMany`
 * gets every key asked for in the turn (in order, repeats included) and answers each key at its index
 * (an Error there fails only that caller). Under a busy floor's load each command costs the console's
 * thread the driver's work and a socket write whatever its size, and a turn runs the continuations of
 * many requests at once (routing reads the open work of a dozen agents in one turn), so one `$in` read
 * replaces many. Nothing is cached: every call reads, in a command sent after the call (so after any
 * write its caller awaited before asking). A failed command fails every caller of its turn.
 */
export function readsPerTurn<K, V>(readMany: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>, opts: { maxBatch?: number } = {}): (key: K) => Promise<V> {
  const loader = new DataLoader<K, V>(readMany, { cache: false, batchScheduleFn: (run) => setImmediate(run), maxBatchSize: opts.maxBatch ?? 250 });
  return (key) => loader.load(key);
}

/** `docs` grouped per key, in the order of `keys` (a key with none gets an empty list); keys compare as strings. */
export function groupedBy<D>(keys: readonly unknown[], docs: readonly D[], keyOf: (d: D) => unknown): D[][] {
  const groups = new Map<string, D[]>();
  for (const d of docs) {
    const k = String(keyOf(d));
    const g = groups.get(k);
    if (g) g.push(d);
    else groups.set(k, [d]);
  }
  return keys.map((k) => groups.get(String(k)) ?? []);
}

/** For reads by unique key: each key's document, or null. */
export function oneEach<D>(keys: readonly unknown[], docs: readonly D[], keyOf: (d: D) => unknown): Array<D | null> {
  return groupedBy(keys, docs, keyOf).map((g) => g[0] ?? null);
}
