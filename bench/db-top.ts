import type { Connection } from 'mongoose';
import type { TopOfCollection } from '../server/embedded-db/top.js';

type Totals = Record<string, TopOfCollection>;

/** The database's `top` (commands and their time per collection); undefined where it has none. */
export async function readTop(conn: Connection): Promise<Totals | undefined> {
  try {
    const { totals } = await conn.db!.admin().command({ top: 1 });
    const { note: _note, ...byCollection } = totals as Totals & { note: string };
    return byCollection;
  } catch {
    return undefined;
  }
}

const KINDS = ['queries', 'getmore', 'insert', 'update', 'remove', 'commands'] as const;

/**
 * The collections the database spent most time on between two readings of `top`, one line each:
 * commands, their summed time and mean, and the commands by kind (findAndModify is among `commands`).
 */
export function busiestCollections(before: Totals, after: Totals, seconds: number, n = 8): string[] {
  const diff = Object.entries(after).map(([ns, t]) => {
    const was = before[ns];
    const d = (k: keyof TopOfCollection) => ({ count: t[k].count - (was?.[k].count ?? 0), time: t[k].time - (was?.[k].time ?? 0) });
    return { ns, total: d('total'), kinds: KINDS.map((k) => [k, d(k)] as const).filter(([, v]) => v.count > 0) };
  });
  return diff
    .filter((c) => c.total.count > 0)
    .sort((a, b) => b.total.time - a.total.time)
    .slice(0, n)
    .map(
      (c) =>
        `${c.ns.padEnd(28)} ${String(c.total.count).padStart(7)} commands (${(c.total.count / seconds).toFixed(0)}/s), ${(c.total.time / 1e6).toFixed(1)} s, mean ${(c.total.time / c.total.count / 1000).toFixed(2)} ms: ` +
        c.kinds.map(([k, v]) => `${k} ${v.count}`).join(', '),
    );
}

/** Commands the database ran between two readings of `top`, over every collection. */
export function commandsBetween(before: Totals, after: Totals): number {
  return Object.entries(after).reduce((sum, [ns, t]) => sum + t.total.count - (before[ns]?.total.count ?? 0), 0);
}
