import { localParts, zonedMidnight } from '../reports/periods.js';
import { nextDay } from '../reports/zone-days.js';
import type { QueueBoard, QueueFigures, QueueSeriesPoint } from '../../shared/schemas/supervision.js';
import { DEFAULT_SERVICE_LEVEL_SEC, DEFAULT_SERVICE_LEVEL_TARGET } from '../../shared/schemas/queue-settings.js';

/** A queue's service level: answered within `sec` counts, `target` is the share to reach (0..1). */
export interface ServiceLevel {
  sec: number;
  target: number;
}

/** The lifecycle facts of one interaction, as far as they are known. */
export interface InteractionFacts {
  id: string;
  queue?: string | null;
  ringingAt?: Date | null;
  answeredAt?: Date | null;
  endedAt?: Date | null;
  wrappedUpAt?: Date | null;
}

interface Counts {
  offered: number;
  answered: number;
  answeredWithinThreshold: number;
  abandoned: number;
  handleSum: number;
  handleCount: number;
  csatSum: number;
  csatCount: number;
}

/** What has already been counted for one interaction, so a repeated fact is never counted twice. */
interface Tracked {
  queue: string;
  ringingAt?: Date;
  answeredAt?: Date;
  offered: boolean;
  outcome?: 'answered' | 'abandoned';
  /** Where the handle time was counted (minute and day), and how much, so a wrap-up can correct it. */
  handle?: { minute: number; day: string; sec: number; final: boolean };
  lastAt: number;
}

const MINUTE = 60_000;
const WINDOW_MINUTES = 180;
const NO_QUEUE = 'default';

const zero = (): Counts => ({ offered: 0, answered: 0, answeredWithinThreshold: 0, abandoned: 0, handleSum: 0, handleCount: 0, csatSum: 0, csatCount: 0 });
const minuteOf = (d: Date) => Math.floor(d.getTime() / MINUTE) * MINUTE;
/** The calendar day of `ms` in `tz` (YYYY-MM-DD): "today" starts at the contact centre's midnight, not the server's. */
const dayIn = (ms: number, tz: string) => {
  const p = localParts(ms, tz);
  return `${p.y}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
};
const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

/**
 * Per-queue figures, kept incrementally from interaction lifecycle facts (no rescanning).
 *
 * Counting rules:
 * - offered: once per interaction, in the minute of `ringingAt`;
 * - answered / answered within threshold / abandoned: once per interaction, in the minute of the
 *   outcome (`answeredAt`, or `endedAt` for a call that ended unanswered). "Within threshold" means
 *   answeredAt − ringingAt ≤ threshold (an answer with no known ringing time counts as within);
 * - answered means connected to an agent (`connectedAt`, fed in as answeredAt): a platform's own answer
 *   of a call still waiting in the queue is not one, and such a call that ends unconnected is abandoned;
 * - handle time: answered → the later of end and wrap-up, counted once the interaction has ended (a
 *   wrap-up after the end corrects it in place; one recorded during the call leaves it at the end).
 *
 * Formulas (every abandon counts; short abandons are not excluded):
 * - service level = answeredWithinThreshold / (answered + abandoned)
 * - abandon rate  = abandoned / (answered + abandoned)
 * - average handle = handleSum / handleCount
 * - CSAT average = the customers' ratings (1–5) of chats, in the minute they were given, per queue and
 *   per agent for the day; each rating is fed once (one per chat: the ratings' unique index)
 * each null when its denominator is 0.
 *
 * Memory is bounded: per queue, at most 180 minute buckets and one day total; per live
 * interaction, one small record, dropped once it can no longer change a figure.
 */
export class QueueMetrics {
  readonly thresholdSec: number;
  private minutes = new Map<string, Map<number, Counts>>();
  private days = new Map<string, Counts>();
  /** The contact centre's time zone: its days are the day figures' days. */
  readonly timeZone: string;
  private day: string;
  /** Today's instants, [from, to): most facts fall in them and need no look-up of their day. */
  private dayFrom = 0;
  private dayTo = 0;
  private nowMinute: number;
  /** The clock's minute when stale records were last dropped. */
  private sweptMinute = -Infinity;
  private tracked = new Map<string, Tracked>();
  /** Interactions whose figures are final, so a repeated observation is ignored (kept 3 h). */
  private settled = new Map<string, number>();
  /** Today's ratings per agent (user id). */
  private agentRatings = new Map<string, { sum: number; count: number }>();
  /** Calls waiting now (rung, neither answered nor ended), per queue. */
  private waiting = new Map<string, Map<string, number>>();

  /** Each queue's service level (its settings); without one, the threshold above and an 80 % target. */
  private readonly serviceLevelOf: (queue: string) => ServiceLevel;

  /** `timeZone`: the contact centre's (the reports' zone); this machine's without one. */
  constructor(opts: { thresholdSec?: number; serviceLevelOf?: (queue: string) => ServiceLevel; now?: Date; timeZone?: string } = {}) {
    this.thresholdSec = opts.thresholdSec ?? DEFAULT_SERVICE_LEVEL_SEC;
    this.serviceLevelOf = opts.serviceLevelOf ?? (() => ({ sec: this.thresholdSec, target: DEFAULT_SERVICE_LEVEL_TARGET }));
    this.timeZone = opts.timeZone ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
    this.day = this.setToday(opts.now ?? new Date());
    this.nowMinute = minuteOf(opts.now ?? new Date());
  }

  /** When the day `now` falls on began, in the contact centre's zone (what "today" counts from). */
  startOfDay(now: Date): Date {
    return new Date(zonedMidnight(this.dayKey(now), this.timeZone));
  }

  /** The contact centre's day of an instant. */
  private dayKey(d: Date): string {
    const ms = d.getTime();
    return ms >= this.dayFrom && ms < this.dayTo ? this.day : dayIn(ms, this.timeZone);
  }

  /** Makes `now`'s day today; returns it. */
  private setToday(now: Date): string {
    const day = dayIn(now.getTime(), this.timeZone);
    this.dayFrom = zonedMidnight(day, this.timeZone);
    this.dayTo = zonedMidnight(nextDay(day), this.timeZone);
    return day;
  }

  /** Feeds what is now known of an interaction; only facts not yet counted change a figure. */
  observe(f: InteractionFacts, now = new Date()) {
    this.roll(now);
    const queue = f.queue || NO_QUEUE;
    if (this.settled.has(f.id)) return;
    let t = this.tracked.get(f.id);
    if (!t) {
      // An ended, settled interaction that is not tracked was counted already (or is too old to matter).
      t = { queue, offered: false, lastAt: now.getTime() };
      this.tracked.set(f.id, t);
    }
    t.lastAt = now.getTime();

    if (f.ringingAt && !t.offered) {
      t.offered = true;
      t.ringingAt = f.ringingAt;
      this.add(queue, f.ringingAt, (c) => c.offered++);
      if (!f.answeredAt && !f.endedAt && !t.outcome) this.waitingOf(queue).set(f.id, f.ringingAt.getTime());
    }
    if (f.answeredAt && !t.outcome) {
      t.outcome = 'answered';
      t.answeredAt = f.answeredAt;
      const wait = t.ringingAt ? (f.answeredAt.getTime() - t.ringingAt.getTime()) / 1000 : 0;
      // The queue's threshold when the call is answered (a changed setting applies from then on).
      const within = wait <= this.serviceLevelOf(queue).sec;
      this.add(queue, f.answeredAt, (c) => {
        c.answered++;
        if (within) c.answeredWithinThreshold++;
      });
    } else if (f.endedAt && !t.outcome) {
      t.outcome = 'abandoned';
      this.add(queue, f.endedAt, (c) => c.abandoned++);
    }
    if (f.answeredAt || f.endedAt) this.waitingOf(queue).delete(f.id);

    if (t.outcome === 'answered' && t.answeredAt && !t.handle?.final) {
      // Counted once the interaction has ended: to the wrap-up when it came after the end, else to the
      // end (a disposition recorded during the call does not cut its talk time short).
      const done = f.endedAt && f.wrappedUpAt && f.wrappedUpAt > f.endedAt ? f.wrappedUpAt : f.endedAt;
      if (done) {
        const sec = Math.max(0, (done.getTime() - t.answeredAt.getTime()) / 1000);
        const final = !!f.wrappedUpAt;
        if (!t.handle) {
          t.handle = { minute: minuteOf(done), day: this.dayKey(done), sec, final };
          this.add(queue, done, (c) => {
            c.handleSum += sec;
            c.handleCount++;
          });
        } else {
          // The wrap-up replaces the provisional (ended) handle time where it was counted.
          const delta = sec - t.handle.sec;
          const bucket = this.minutes.get(queue)?.get(t.handle.minute);
          if (bucket) bucket.handleSum += delta;
          if (t.handle.day === this.day) this.dayCounts(queue).handleSum += delta;
          t.handle = { ...t.handle, sec, final };
        }
      }
    }
    // Nothing more can change this interaction's figures.
    if (t.outcome === 'abandoned' || t.handle?.final) {
      this.tracked.delete(f.id);
      this.settled.set(f.id, now.getTime());
    }
  }

  /** A customer's rating (1–5) of a chat, given at `at`, of the queue and agent it names. */
  rated(r: { queue?: string | null; agentId?: string | null; score: number; at: Date }, now = new Date()) {
    this.roll(now);
    this.add(r.queue || NO_QUEUE, r.at, (c) => {
      c.csatSum += r.score;
      c.csatCount++;
    });
    if (r.agentId && this.dayKey(r.at) === this.day) {
      const a = this.agentRatings.get(r.agentId) ?? { sum: 0, count: 0 };
      a.sum += r.score;
      a.count++;
      this.agentRatings.set(r.agentId, a);
    }
  }

  /** An agent's ratings today: how many, and their average (null with none). */
  agentCsat(agentId: string, now = new Date()): { csatCount: number; csatAverage: number | null } {
    this.roll(now);
    const a = this.agentRatings.get(agentId);
    return { csatCount: a?.count ?? 0, csatAverage: a ? a.sum / a.count : null };
  }

  /** Calls waiting now, across queues. */
  get waitingCount() {
    let n = 0;
    for (const w of this.waiting.values()) n += w.size;
    return n;
  }

  /** Sizes of the internal structures (to check that memory stays bounded). */
  sizes() {
    let buckets = 0;
    for (const m of this.minutes.values()) buckets += m.size;
    return { tracked: this.tracked.size, settled: this.settled.size, buckets, queues: this.minutes.size, waiting: this.waitingCount };
  }

  board(now = new Date()): QueueBoard {
    this.roll(now);
    const queues = new Set([...this.days.keys(), ...this.minutes.keys(), ...this.waiting.keys()]);
    const hourFrom = minuteOf(now) - 59 * MINUTE;
    const day: QueueFigures[] = [];
    const lastHour: QueueFigures[] = [];
    for (const q of [...queues].sort()) {
      const hour = zero();
      for (const [m, c] of this.minutes.get(q) ?? []) if (m >= hourFrom) sum(hour, c);
      day.push(this.figures(q, this.days.get(q) ?? zero(), now));
      lastHour.push(this.figures(q, hour, now));
    }
    const series: QueueSeriesPoint[] = [];
    const first = minuteOf(now) - (WINDOW_MINUTES - 1) * MINUTE;
    for (let m = first; m <= minuteOf(now); m += MINUTE) {
      const c = zero();
      for (const per of this.minutes.values()) {
        const b = per.get(m);
        if (b) sum(c, b);
      }
      series.push({ at: new Date(m), offered: c.offered, answered: c.answered, answeredWithinThreshold: c.answeredWithinThreshold, abandoned: c.abandoned });
    }
    return { thresholdSec: this.thresholdSec, day, lastHour, series };
  }

  private figures(queue: string, c: Counts, now: Date): QueueFigures {
    const w = this.waiting.get(queue);
    let oldest = Infinity;
    for (const at of w?.values() ?? []) oldest = Math.min(oldest, at);
    const closed = c.answered + c.abandoned;
    const level = this.serviceLevelOf(queue);
    return {
      queue,
      waiting: w?.size ?? 0,
      longestWaitSec: oldest === Infinity ? 0 : Math.max(0, Math.round((now.getTime() - oldest) / 1000)),
      offered: c.offered,
      answered: c.answered,
      answeredWithinThreshold: c.answeredWithinThreshold,
      abandoned: c.abandoned,
      serviceLevel: ratio(c.answeredWithinThreshold, closed),
      abandonRate: ratio(c.abandoned, closed),
      averageHandleSec: c.handleCount > 0 ? c.handleSum / c.handleCount : null,
      csatCount: c.csatCount,
      csatAverage: c.csatCount > 0 ? c.csatSum / c.csatCount : null,
      serviceLevelSec: level.sec,
      serviceLevelTarget: level.target,
    };
  }

  private add(queue: string, at: Date, fn: (c: Counts) => void) {
    if (this.dayKey(at) === this.day) fn(this.dayCounts(queue));
    const m = minuteOf(at);
    if (m < this.nowMinute - (WINDOW_MINUTES - 1) * MINUTE) return;
    let per = this.minutes.get(queue);
    if (!per) this.minutes.set(queue, (per = new Map()));
    let b = per.get(m);
    if (!b) per.set(m, (b = zero()));
    fn(b);
  }

  private dayCounts(queue: string) {
    let c = this.days.get(queue);
    if (!c) this.days.set(queue, (c = zero()));
    return c;
  }

  private waitingOf(queue: string) {
    let w = this.waiting.get(queue);
    if (!w) this.waiting.set(queue, (w = new Map()));
    return w;
  }

  /** Drops what has left the windows: yesterday's totals, buckets older than 3 h, stale records. */
  private roll(now: Date) {
    this.nowMinute = Math.max(this.nowMinute, minuteOf(now));
    if (this.dayKey(now) !== this.day) {
      this.day = this.setToday(now);
      this.days.clear();
      this.agentRatings.clear();
    }
    // The sweeps below walk every tracked interaction: once per minute of the clock, not on every
    // observation (under the mixed load that walk was 2 % of the console thread's time, growing with the calls live).
    const minute = minuteOf(now);
    if (minute <= this.sweptMinute) return;
    this.sweptMinute = minute;
    const oldest = minute - (WINDOW_MINUTES - 1) * MINUTE;
    for (const [q, per] of this.minutes) {
      for (const m of per.keys()) if (m < oldest) per.delete(m);
      if (per.size === 0) this.minutes.delete(q);
    }
    for (const [q, w] of this.waiting) if (w.size === 0) this.waiting.delete(q);
    // An answered call still without wrap-up after 3 h will not be corrected any more.
    const stale = now.getTime() - WINDOW_MINUTES * MINUTE;
    for (const [id, t] of this.tracked) if (t.lastAt < stale && !this.waiting.get(t.queue)?.has(id)) this.tracked.delete(id);
    // Insertion order is settling order: the oldest come first.
    for (const [id, settledAt] of this.settled) {
      if (settledAt >= stale) break;
      this.settled.delete(id);
    }
  }
}

function sum(into: Counts, c: Counts) {
  into.offered += c.offered;
  into.answered += c.answered;
  into.answeredWithinThreshold += c.answeredWithinThreshold;
  into.abandoned += c.abandoned;
  into.handleSum += c.handleSum;
  into.handleCount += c.handleCount;
  into.csatSum += c.csatSum;
  into.csatCount += c.csatCount;
}
