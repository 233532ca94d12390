/*
 * The database thread's garbage collections while the mixed load ran, read from the server's stdout
 * under `--trace-gc` (V8's own lines, which name each isolate). A thread's collections stall every
 * command queued behind it; the answers' tail in the seconds they happen shows it. Node's `gc`
 * performance entries do not see the marking V8 does in steps before a whole-heap collection (half a
 * second and more on the database's heap), so the trace is read instead.
 */
import fs from 'node:fs';

/** One whole-heap collection (Mark-Compact): the marking done in steps on the thread, then its pause. */
export interface WholeHeapGc {
  /** Seconds into the load when it ended (its pause). */
  atSec: number;
  pauseMs: number;
  markingMs: number;
  steps: number;
  biggestStepMs: number;
  /** From the start of marking to the pause, on the wall clock. */
  markingWallMs: number;
  heapBeforeMb: number;
  heapAfterMb: number;
}

export interface DatabaseGc {
  young: { n: number; totalMs: number; maxMs: number };
  wholeHeap: WholeHeapGc[];
}

const LINE =
  /^\[\d+:(0x[0-9a-f]+)\]\s+(\d+) ms: (Scavenge|Minor Mark-Sweep|Mark-Compact)[^,]*? ([\d.]+) \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \/ [\d.]+ ms/;
const MARKING = /\(\+ ([\d.]+) ms in (\d+) steps since start of marking, biggest step ([\d.]+) ms, walltime since start of marking (\d+) ms\)/;

interface Traced {
  isolate: string;
  /** Milliseconds since its isolate started (V8's clock for the trace). */
  ms: number;
  kind: 'young' | 'whole';
  heapBeforeMb: number;
  heapAfterMb: number;
  pauseMs: number;
  marking?: RegExpExecArray;
  /** The time of the next JSON log line after it: the collection happened before it was written. */
  notAfter?: number;
}

/**
 * The collections of the database's thread (the isolate with the largest heap) between two wall-clock
 * times, or undefined when the log holds no trace. The trace's clock counts from its isolate's start,
 * which no line gives: each collection happened before the next JSON log line (pino's `time`), so the
 * start is at most the least of those times less the trace's own; under load a log line follows
 * within a few milliseconds.
 */
export function databaseGcDuring(logFile: string, fromWall: number, toWall: number): DatabaseGc | undefined {
  const traced: Traced[] = [];
  let pending: Traced[] = [];
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (line.startsWith('{')) {
      const time = /"time":(\d+)/.exec(line);
      if (time && pending.length) {
        for (const t of pending) t.notAfter = Number(time[1]);
        pending = [];
      }
      continue;
    }
    const m = LINE.exec(line);
    if (!m) continue;
    const t: Traced = {
      isolate: m[1],
      ms: Number(m[2]),
      kind: m[3] === 'Mark-Compact' ? 'whole' : 'young',
      heapBeforeMb: Number(m[4]),
      heapAfterMb: Number(m[5]),
      pauseMs: Number(m[6]),
      marking: MARKING.exec(line) ?? undefined,
    };
    traced.push(t);
    pending.push(t);
  }
  if (!traced.length) return undefined;
  const largest = new Map<string, number>();
  for (const t of traced) largest.set(t.isolate, Math.max(largest.get(t.isolate) ?? 0, t.heapBeforeMb));
  const database = [...largest].sort((a, b) => b[1] - a[1])[0][0];
  const mine = traced.filter((t) => t.isolate === database);
  const bounds = mine.filter((t) => t.notAfter !== undefined).map((t) => t.notAfter! - t.ms);
  if (!bounds.length) return undefined;
  const startedAt = Math.min(...bounds);
  const out: DatabaseGc = { young: { n: 0, totalMs: 0, maxMs: 0 }, wholeHeap: [] };
  for (const t of mine) {
    const at = startedAt + t.ms;
    if (at < fromWall || at > toWall) continue;
    if (t.kind === 'young') {
      out.young.n++;
      out.young.totalMs += t.pauseMs;
      out.young.maxMs = Math.max(out.young.maxMs, t.pauseMs);
    } else
      out.wholeHeap.push({
        atSec: (at - fromWall) / 1000,
        pauseMs: t.pauseMs,
        markingMs: Number(t.marking?.[1] ?? 0),
        steps: Number(t.marking?.[2] ?? 0),
        biggestStepMs: Number(t.marking?.[3] ?? 0),
        markingWallMs: Number(t.marking?.[4] ?? 0),
        heapBeforeMb: t.heapBeforeMb,
        heapAfterMb: t.heapAfterMb,
      });
  }
  return out;
}

/** One line for the report. */
export function databaseGcLine(gc: DatabaseGc, loadSecs: number): string {
  const { young, wholeHeap } = gc;
  const youngPart = `${young.n} young-generation pauses (${young.n ? (young.totalMs / young.n).toFixed(1) : '0'} ms each on average, ${young.maxMs.toFixed(1)} at most; ${((100 * young.totalMs) / (loadSecs * 1000)).toFixed(1)} % of the time)`;
  const whole = wholeHeap.map(
    (w) =>
      `at ${w.atSec.toFixed(1)} s, ${w.heapBeforeMb.toFixed(0)} → ${w.heapAfterMb.toFixed(0)} MB: ${w.markingMs.toFixed(0)} ms of marking in ${w.steps} steps over ${w.markingWallMs} ms (biggest ${w.biggestStepMs.toFixed(1)} ms), then a ${w.pauseMs.toFixed(1)} ms pause`,
  );
  return `database thread's garbage collection while the load ran (--trace-gc): ${youngPart}; ${wholeHeap.length} of the whole heap${whole.length ? `: ${whole.join('; ')}` : ''}`;
}
