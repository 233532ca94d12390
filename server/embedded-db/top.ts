import type { Doc } from './keys.js';

/**
 * mongod's `top`: per collection, how many commands of each kind ran and how long they took. serverStatus's
 * opcounters say how much the database did; top says on which collections, so the collection a busy floor
 * writes most (or waits on longest) is named. Times are microseconds from a command's start to its answer
 * (for a durable write, its journal's sync included), which on this one-threaded database is what other
 * commands of the moment waited behind; mongod counts the time its locks were held.
 */
export type TopKind = 'queries' | 'getmore' | 'insert' | 'update' | 'remove' | 'commands';
export interface TopEntry {
  count: number;
  time: number;
}
export type TopOfCollection = Record<'total' | 'readLock' | 'writeLock' | TopKind, TopEntry>;
/** By namespace (`db.collection`). */
export type Top = Map<string, TopOfCollection>;

export const newTop = (): Top => new Map();

const KIND: Record<string, TopKind> = { find: 'queries', getMore: 'getmore', insert: 'insert', update: 'update', delete: 'remove' };
/** Commands that change data or a collection's definition take mongod's write lock; the rest its read lock. */
const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify', 'create', 'drop', 'createIndexes', 'dropIndexes', 'collMod', 'renameCollection']);

/** The collection a command is about: its first field's value (getMore names it in `collection`), or none. */
export function namespaceOf(name: string, command: Doc, db: string): string | undefined {
  const coll = name === 'getMore' ? command.collection : command[name];
  return typeof coll === 'string' && coll ? `${db}.${coll}` : undefined;
}

const blank = (): TopOfCollection => ({
  total: { count: 0, time: 0 },
  readLock: { count: 0, time: 0 },
  writeLock: { count: 0, time: 0 },
  queries: { count: 0, time: 0 },
  getmore: { count: 0, time: 0 },
  insert: { count: 0, time: 0 },
  update: { count: 0, time: 0 },
  remove: { count: 0, time: 0 },
  commands: { count: 0, time: 0 },
});

/** Counts one command `name` on `namespace` that took `ms` (a command without a collection is not counted). */
export function recordTop(top: Top, namespace: string | undefined, name: string, ms: number): void {
  if (!namespace) return;
  let t = top.get(namespace);
  if (!t) top.set(namespace, (t = blank()));
  const micros = Math.round(ms * 1000);
  for (const k of ['total', WRITES.has(name) ? 'writeLock' : 'readLock', KIND[name] ?? 'commands'] as const) {
    t[k].count++;
    t[k].time += micros;
  }
}

/** The `top` command's answer: `totals` by namespace, as mongod answers it. */
export const topReply = (top: Top): Doc => ({ totals: { note: 'all times in microseconds', ...Object.fromEntries([...top].map(([ns, t]) => [ns, structuredClone(t)])) }, ok: 1 });
