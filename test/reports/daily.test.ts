import { describe, expect, it } from 'vitest';
import type { Contribution } from '../../server/reports/contributions.js';
import { dailyAnswers, dailyContributions } from '../../server/reports/daily.js';

const at = (iso: string) => new Date(iso).getTime();

describe('daily rollups', () => {
  it('sum half-hours into the local day of the reporting zone, keeping only the daily dims', () => {
    const cs: Contribution[] = [
      { kind: 'queue', bucket: at('2026-03-10T20:00:00Z'), dims: { queue: 'sales', channel: 'voice', agentId: 'ann' }, sums: { offered: 1, answered: 1 } },
      { kind: 'queue', bucket: at('2026-03-10T20:00:00Z'), dims: { queue: 'sales', channel: 'voice', agentId: 'ben' }, sums: { offered: 1 } },
      // 20:30 UTC is 00:00 on the 11th in Tehran (+03:30): the next local day.
      { kind: 'queue', bucket: at('2026-03-10T20:30:00Z'), dims: { queue: 'sales', channel: 'voice', agentId: 'ann' }, sums: { offered: 1 } },
    ];
    expect(dailyContributions(cs, 'Asia/Tehran')).toEqual([
      { kind: 'queue', key: 'queue|channel=voice&queue=sales', day: '2026-03-10', week: '2026-W11', month: '2026-03', dims: { queue: 'sales', channel: 'voice' }, sums: { offered: 2, answered: 1 } },
      { kind: 'queue', key: 'queue|channel=voice&queue=sales', day: '2026-03-11', week: '2026-W11', month: '2026-03', dims: { queue: 'sales', channel: 'voice' }, sums: { offered: 1 } },
    ]);
  });

  it('write nothing for differences that cancel within a day', () => {
    const moved: Contribution[] = [
      { kind: 'agent', bucket: at('2026-03-10T09:00:00Z'), dims: { agentId: 'ann', channel: 'voice', queue: 'sales', campaignId: '' }, sums: { talkSum: -300 } },
      { kind: 'agent', bucket: at('2026-03-10T09:30:00Z'), dims: { agentId: 'ann', channel: 'voice', queue: 'sales', campaignId: '' }, sums: { talkSum: 300 } },
    ];
    expect(dailyContributions(moved, 'UTC')).toEqual([]);
  });

  it.each([
    ['a day report in the reporting zone', 'queue', { tz: 'UTC', groupBy: 'day' }, [], true],
    ['by week, filtered by queue and channel', 'queue', { tz: 'UTC', groupBy: 'week' }, ['queue', 'channel'], true],
    ['by month, an agent filter on agents', 'agent', { tz: 'UTC', groupBy: 'month' }, ['agentId'], true],
    ['by hour', 'queue', { tz: 'UTC', groupBy: 'hour' }, [], false],
    ['by hour of day', 'agent', { tz: 'UTC', groupBy: 'hour-of-day' }, [], false],
    ['in another zone', 'queue', { tz: 'Asia/Tehran', groupBy: 'day' }, [], false],
    ['queues filtered by agent (not kept daily)', 'queue', { tz: 'UTC', groupBy: 'day' }, ['agentId'], false],
    ['agents filtered by channel (not kept daily)', 'agent', { tz: 'UTC', groupBy: 'day' }, ['channel'], false],
    ['campaigns filtered by agent (not kept daily)', 'campaign', { tz: 'UTC', groupBy: 'day' }, ['agentId'], false],
  ] as const)('answer %s: %s', (_name, kind, q, filters, answers) => {
    expect(dailyAnswers(kind, q, filters, 'UTC')).toBe(answers);
  });
});
