import { describe, expect, it } from 'vitest';
import { QueueMetrics } from '../../server/supervision/queue-metrics.js';

/** Local time on a fixed day, so "today" (since local midnight) is deterministic. */
const at = (hh: number, mm: number, ss = 0) => new Date(2026, 10, 23, hh, mm, ss);

/**
 * The scripted morning on queue "sales" (threshold 20 s):
 * - c1 rings 10:00:00, answered 10:00:10 (10 s: within), ends 10:03:10, wrapped up 10:04:10 → handle 240 s
 * - c2 rings 10:00:30, answered 10:00:50 (20 s: within, on the boundary), ends 10:02:50, no wrap-up → 120 s
 * - c3 rings 10:01:00, answered 10:01:45 (45 s: late), ends 10:02:45 (60 s provisional), wrapped up 10:03:45 → 120 s
 * - c4 rings 10:02:00, ends 10:02:30 unanswered → abandoned
 * - c5 rings 10:04:00 and is still waiting at 10:05:00
 * offered 5, answered 3, within 2, abandoned 1:
 * service level 2 / (3 + 1) = 0.5; abandon rate 1 / (3 + 1) = 0.25; average handle (240 + 120 + 120) / 3 = 160 s.
 */
function scripted() {
  const m = new QueueMetrics({ thresholdSec: 20, now: at(10, 0) });
  const q = 'sales';
  const c1 = { id: 'c1', queue: q, ringingAt: at(10, 0, 0) };
  const c2 = { id: 'c2', queue: q, ringingAt: at(10, 0, 30) };
  const c3 = { id: 'c3', queue: q, ringingAt: at(10, 1, 0) };
  const c4 = { id: 'c4', queue: q, ringingAt: at(10, 2, 0) };
  m.observe(c1, at(10, 0, 0));
  m.observe({ ...c1, answeredAt: at(10, 0, 10) }, at(10, 0, 10));
  m.observe(c2, at(10, 0, 30));
  m.observe({ ...c2, answeredAt: at(10, 0, 50) }, at(10, 0, 50));
  m.observe(c3, at(10, 1, 0));
  m.observe({ ...c3, answeredAt: at(10, 1, 45) }, at(10, 1, 45));
  m.observe(c4, at(10, 2, 0));
  m.observe({ ...c4, endedAt: at(10, 2, 30) }, at(10, 2, 30));
  m.observe({ ...c3, answeredAt: at(10, 1, 45), endedAt: at(10, 2, 45) }, at(10, 2, 45));
  m.observe({ ...c2, answeredAt: at(10, 0, 50), endedAt: at(10, 2, 50) }, at(10, 2, 50));
  m.observe({ ...c1, answeredAt: at(10, 0, 10), endedAt: at(10, 3, 10) }, at(10, 3, 10));
  m.observe({ ...c3, answeredAt: at(10, 1, 45), endedAt: at(10, 2, 45), wrappedUpAt: at(10, 3, 45) }, at(10, 3, 45));
  m.observe({ id: 'c5', queue: q, ringingAt: at(10, 4, 0) }, at(10, 4, 0));
  m.observe({ ...c1, answeredAt: at(10, 0, 10), endedAt: at(10, 3, 10), wrappedUpAt: at(10, 4, 10) }, at(10, 4, 10));
  return m;
}

describe('queue metrics', () => {
  it('computes service level, abandon rate and handle time on a scripted scenario', () => {
    const board = scripted().board(at(10, 5, 0));
    const expected = {
      queue: 'sales',
      offered: 5,
      answered: 3,
      answeredWithinThreshold: 2,
      abandoned: 1,
      serviceLevel: 0.5,
      abandonRate: 0.25,
      averageHandleSec: 160,
      waiting: 1,
      longestWaitSec: 60,
      csatCount: 0,
      csatAverage: null,
      serviceLevelSec: 20,
      serviceLevelTarget: 0.8,
    };
    expect(board.thresholdSec).toBe(20);
    expect(board.day).toEqual([expected]);
    expect(board.lastHour).toEqual([expected]);
  });

  it('counts each queue against its own threshold, as it is when the call is answered', () => {
    const levels: Record<string, { sec: number; target: number }> = { vip: { sec: 10, target: 0.9 }, sales: { sec: 60, target: 0.7 } };
    const m = new QueueMetrics({ thresholdSec: 20, serviceLevelOf: (q) => levels[q] ?? { sec: 20, target: 0.8 }, now: at(10, 0) });
    // Each answered after 15 s: late for vip (10 s), in time for sales (60 s) and for a queue without settings (20 s).
    for (const queue of ['vip', 'sales', 'other']) {
      m.observe({ id: `${queue}-1`, queue, ringingAt: at(10, 0, 0) }, at(10, 0, 0));
      m.observe({ id: `${queue}-1`, queue, ringingAt: at(10, 0, 0), answeredAt: at(10, 0, 15) }, at(10, 0, 15));
    }
    // vip's threshold is raised: its next call is counted with the new one, the first stays late.
    levels.vip = { sec: 30, target: 0.9 };
    m.observe({ id: 'vip-2', queue: 'vip', ringingAt: at(10, 1, 0) }, at(10, 1, 0));
    m.observe({ id: 'vip-2', queue: 'vip', ringingAt: at(10, 1, 0), answeredAt: at(10, 1, 15) }, at(10, 1, 15));
    const day = m.board(at(10, 2, 0)).day;
    expect(day.map((q) => [q.queue, q.answered, q.answeredWithinThreshold, q.serviceLevelSec, q.serviceLevelTarget])).toEqual([
      ['other', 1, 1, 20, 0.8],
      ['sales', 1, 1, 60, 0.7],
      ['vip', 2, 1, 30, 0.9],
    ]);
  });

  it('averages chats\' ratings per queue (last hour and day) and per agent for the day', () => {
    const m = scripted();
    m.rated({ queue: 'sales', agentId: 'a1', score: 5, at: at(10, 4, 20) }, at(10, 4, 20));
    m.rated({ queue: 'sales', agentId: 'a2', score: 2, at: at(10, 4, 30) }, at(10, 4, 30));
    m.rated({ queue: 'sales', agentId: 'a1', score: 4, at: at(8, 0) }, at(10, 4, 40)); // given this morning, fed late
    m.rated({ queue: null, score: 3, at: at(10, 4, 50) }, at(10, 4, 50));
    const board = m.board(at(10, 5, 0));
    expect(board.day.find((q) => q.queue === 'sales')).toMatchObject({ csatCount: 3, csatAverage: 11 / 3 });
    expect(board.lastHour.find((q) => q.queue === 'sales')).toMatchObject({ csatCount: 2, csatAverage: 3.5 });
    expect(board.day.find((q) => q.queue === 'default')).toMatchObject({ csatCount: 1, csatAverage: 3 });
    expect(m.agentCsat('a1', at(10, 5, 0))).toEqual({ csatCount: 2, csatAverage: 4.5 });
    expect(m.agentCsat('a2', at(10, 5, 0))).toEqual({ csatCount: 1, csatAverage: 2 });
    expect(m.agentCsat('nobody', at(10, 5, 0))).toEqual({ csatCount: 0, csatAverage: null });
    // A new day starts from nothing; a rating given yesterday and fed today counts nowhere.
    m.rated({ queue: 'sales', agentId: 'a1', score: 1, at: at(23, 59) }, new Date(2026, 10, 24, 0, 1));
    expect(m.agentCsat('a1', new Date(2026, 10, 24, 0, 2))).toEqual({ csatCount: 0, csatAverage: null });
    expect(m.board(new Date(2026, 10, 24, 0, 2)).day.find((q) => q.queue === 'sales')?.csatCount ?? 0).toBe(0);
  });

  it('never counts a fact twice when the same interaction is observed again', () => {
    const m = scripted();
    m.observe({ id: 'c4', queue: 'sales', ringingAt: at(10, 2, 0), endedAt: at(10, 2, 30) }, at(10, 4, 30));
    m.observe({ id: 'c2', queue: 'sales', ringingAt: at(10, 0, 30), answeredAt: at(10, 0, 50), endedAt: at(10, 2, 50) }, at(10, 4, 30));
    const [fig] = m.board(at(10, 5, 0)).day;
    expect(fig).toMatchObject({ offered: 5, answered: 3, abandoned: 1, averageHandleSec: 160 });
  });

  it('keeps per-minute series for the last 3 hours and slides the last hour', () => {
    const m = scripted();
    const board = m.board(at(10, 5, 0));
    expect(board.series).toHaveLength(180);
    expect(board.series.at(-1)!.at).toEqual(at(10, 5, 0));
    const minute0 = board.series.find((p) => p.at.getTime() === at(10, 0).getTime());
    expect(minute0).toEqual({ at: at(10, 0), offered: 2, answered: 2, answeredWithinThreshold: 2, abandoned: 0 });

    // Two hours later: the last hour is empty, the day still holds everything.
    const later = m.board(at(12, 10, 0));
    expect(later.lastHour[0]).toMatchObject({ offered: 0, answered: 0, serviceLevel: null, abandonRate: null, averageHandleSec: null, waiting: 1, longestWaitSec: 2 * 3600 + 6 * 60 });
    expect(later.day[0]).toMatchObject({ offered: 5, serviceLevel: 0.5 });
  });

  it('stays bounded: buckets older than 3 h and yesterday are dropped', () => {
    const m = scripted();
    m.observe({ id: 'c5', queue: 'sales', ringingAt: at(10, 4, 0), endedAt: at(10, 6, 0) }, at(10, 6, 0));
    expect(m.sizes().buckets).toBeGreaterThan(0);
    m.board(at(13, 30, 0));
    expect(m.sizes()).toMatchObject({ buckets: 0, waiting: 0 });
    // c2 (answered, never wrapped up) is forgotten once it can no longer be corrected.
    expect(m.sizes().tracked).toBe(0);
    const tomorrow = m.board(new Date(2026, 10, 24, 0, 5));
    expect(tomorrow.day).toEqual([]);
  });

  it('handles many calls in constant memory per minute', () => {
    const m = new QueueMetrics({ now: at(8, 0) });
    for (let i = 0; i < 20_000; i++) {
      const ringingAt = new Date(at(8, 0).getTime() + i * 1000);
      const answeredAt = new Date(ringingAt.getTime() + 5000);
      const endedAt = new Date(ringingAt.getTime() + 60_000);
      m.observe({ id: `x${i}`, queue: `q${i % 3}`, ringingAt }, ringingAt);
      m.observe({ id: `x${i}`, queue: `q${i % 3}`, ringingAt, answeredAt, endedAt, wrappedUpAt: endedAt }, endedAt);
    }
    const s = m.sizes();
    expect(s.tracked).toBe(0);
    expect(s.buckets).toBeLessThanOrEqual(3 * 180);
    // Settled ids are remembered (to ignore repeats) for 3 h only: 20 000 calls one a second span 5.5 h.
    expect(s.settled).toBeLessThanOrEqual(3 * 3600 + 60);
  });

  describe("counts the day from the contact centre's midnight, not the server's", () => {
    const utc = (iso: string) => new Date(iso);
    // [what, zone, the call (rang and was abandoned a minute later), read at, counted in the day's figures]
    const cases: Array<[string, string, string, string, boolean]> = [
      ['Shanghai (UTC+8): 01:00 local is today at 09:00, though UTC calls it yesterday', 'Asia/Shanghai', '2026-11-23T17:00:00Z', '2026-11-24T01:00:00Z', true],
      ['Shanghai: 23:30 local the evening before is yesterday, while UTC says today', 'Asia/Shanghai', '2026-11-23T15:30:00Z', '2026-11-23T23:30:00Z', false],
      ['Tehran (UTC+3:30): 00:10 local is today at 09:30, though UTC calls it yesterday', 'Asia/Tehran', '2026-11-23T20:40:00Z', '2026-11-24T06:00:00Z', true],
      ['Bucharest on the day clocks go back (25 hours): 00:30 is the same day as 23:45', 'Europe/Bucharest', '2026-10-24T21:30:00Z', '2026-10-25T21:45:00Z', true],
      ['Bucharest: 23:30 the evening before that night is the day before', 'Europe/Bucharest', '2026-10-24T20:30:00Z', '2026-10-25T08:00:00Z', false],
      ['New York (UTC−5): 18:00 is today at 21:00, though UTC has moved to the next day', 'America/New_York', '2026-11-23T23:00:00Z', '2026-11-24T02:00:00Z', true],
    ];
    it.each(cases)('%s', (_what, timeZone, rang, readAt, counted) => {
      const m = new QueueMetrics({ timeZone, now: utc(rang) });
      const ringingAt = utc(rang);
      m.observe({ id: 'z1', queue: 'sales', ringingAt }, ringingAt);
      m.observe({ id: 'z1', queue: 'sales', ringingAt, endedAt: new Date(ringingAt.getTime() + 60_000) }, new Date(ringingAt.getTime() + 60_000));
      const day = m.board(utc(readAt)).day.find((f) => f.queue === 'sales');
      expect(day?.offered ?? 0).toBe(counted ? 1 : 0);
      expect(day?.abandoned ?? 0).toBe(counted ? 1 : 0);
    });
    it("starts today at the zone's midnight", () => {
      const m = new QueueMetrics({ timeZone: 'Asia/Shanghai', now: utc('2026-11-23T23:30:00Z') });
      expect(m.startOfDay(utc('2026-11-23T23:30:00Z')).toISOString()).toBe('2026-11-23T16:00:00.000Z');
      // On the day clocks go back, Bucharest's midnight is still at UTC+3.
      expect(new QueueMetrics({ timeZone: 'Europe/Bucharest' }).startOfDay(utc('2026-10-25T21:30:00Z')).toISOString()).toBe('2026-10-24T21:00:00.000Z');
    });
  });
});
