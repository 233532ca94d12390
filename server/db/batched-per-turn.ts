import DataLoader from 'dataloader';
import { oneBatchInFlight } from './one-batch-in-flight.js';

/**
 * Asks of one kind made in the same turn of the event loop, answered by one command: `runMany` gets
 * every key asked for in the turn (in order, repeats included) and answers each key at its index (an
 * Error there fails only that caller). Mostly reads (one `$in` read for many callers); also writes
 * whose command can tell each caller its own outcome (the quotes' bulk write). Under a busy floor's
 * load each command costs the console's thread the driver's work and a socket write whatever its size,
 * and a turn runs the continuations of many requests at once (routing reads the open work of a dozen
 * agents in one turn), so one command replaces many. While one such command is in flight, the next
 * waits for its answer and takes everything asked meanwhile (one-batch-in-flight.ts): a busy console's
 * turns each hold one or two asks, and its commands take longest. Nothing is cached: every call sends,
 * in a command sent after the call (so after any write its caller awaited before asking). A failed
 * command fails every caller of its batch.
 */
export function batchedPerTurn<K, V>(runMany: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>, opts: { maxBatch?: number } = {}): (key: K) => Promise<V> {
  // While a command of this kind is in flight, the next waits for it, gathering what is asked meanwhile.
  const gate = oneBatchInFlight();
  const loader = new DataLoader<K, V>((keys) => gate.run(() => runMany(keys)), { cache: false, batchScheduleFn: (run) => gate.schedule(run), maxBatchSize: opts.maxBatch ?? 250 });
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
