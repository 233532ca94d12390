import type { QueueSeriesPoint } from '@shared/schemas/supervision';

export interface SlBucket {
  at: Date;
  /** Share answered within the threshold of those offered in the bucket; null when none were offered. */
  serviceLevel: number | null;
}

/** Rolls per-minute points up into `minutes`-long buckets aligned on the clock (10 → :00, :10, :20…). */
export function serviceLevelBuckets(points: QueueSeriesPoint[], minutes = 10): SlBucket[] {
  const size = minutes * 60_000;
  const sums = new Map<number, { offered: number; within: number }>();
  for (const p of points) {
    const key = Math.floor(p.at.getTime() / size) * size;
    const sum = sums.get(key) ?? { offered: 0, within: 0 };
    sum.offered += p.offered;
    sum.within += p.answeredWithinThreshold;
    sums.set(key, sum);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, s]) => ({ at: new Date(key), serviceLevel: s.offered ? Math.min(1, s.within / s.offered) : null }));
}

/** Points in time order, the last `minutes` of them at most, for the per-minute volume chart. */
export function recentMinutes(points: QueueSeriesPoint[], minutes = 120): QueueSeriesPoint[] {
  return [...points].sort((a, b) => a.at.getTime() - b.at.getTime()).slice(-minutes);
}
