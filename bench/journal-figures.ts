import fs from 'node:fs';
import type { JournalStats } from '../server/embedded-db/journal.js';

/**
 * The journal's figures between two readings of serverStatus: every count and sum as a difference,
 * the slowest batch as it stands at the end (a maximum since start).
 */
export function journalBetween(before: JournalStats, after: JournalStats): JournalStats {
  const d = { ...after };
  for (const k of Object.keys(after) as Array<keyof JournalStats>) if (k !== 'maxMs') d[k] = after[k] - before[k];
  return d;
}

/**
 * The journal's batches that took 200 ms or more while the load ran (the database logs one a second
 * at most, with how many were slow since), by when they were logged: a device that stops completing
 * writes holds every acknowledged write meanwhile.
 */
export function stalledJournal(logFile: string, t0Wall: number): string[] {
  const out: string[] = [];
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes('slow journal batch')) continue;
    try {
      const b = JSON.parse(line) as { time: number; ms: number; waited: number; written: number; synced: number; slowBatches: number };
      if (b.time < t0Wall || b.ms < 200) continue;
      out.push(`journal batch of ${b.ms.toFixed(0)} ms logged at ${((b.time - t0Wall) / 1000).toFixed(1)} s (waited ${b.waited}, written ${b.written}, synced ${b.synced} ms; ${b.slowBatches} slow since the last line)`);
    } catch {
      // not a log line of ours
    }
  }
  return out;
}

/**
 * The journal's batches while the load ran: how many, how full, and where the mean batch's time went
 * from its first append to durable (each acknowledged write of the batch waited that long).
 */
export function journalLine(d: JournalStats, seconds: number): string {
  const { batches } = d;
  if (!batches) return 'journal: no batches while the load ran';
  const mean = (k: keyof JournalStats) => (d[k] / batches).toFixed(2);
  const share = (k: keyof JournalStats) => `${((100 * d[k]) / batches).toFixed(1)}%`;
  return (
    `journal: ${batches.toLocaleString()} batches (${(batches / seconds).toFixed(0)}/s, ${(d.commands / batches).toFixed(1)} commands and ${(d.bytes / batches / 1024).toFixed(1)} kB each); ` +
    `mean ${mean('totalMs')} ms from first append to durable = waited ${mean('waitedMs')} + queued ${mean('queuedMs')} + written ${mean('writtenMs')} + synced ${mean('syncedMs')} + ordered ${mean('orderedMs')}; ` +
    `${share('over5ms')} took 5 ms or more, ${share('over20ms')} 20 ms, ${share('over100ms')} 100 ms (slowest since start ${d.maxMs.toFixed(0)} ms)`
  );
}
