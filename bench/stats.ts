/** Latency statistics for benchmark output. */
export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / (s.length || 1) };
}

const ms = (v: number) => (v < 1 ? v.toFixed(3) : v.toFixed(2)).padStart(8);

/** One table row: percentiles in ms and each as a ratio to the baseline's same percentile. */
export function row(label: string, sum: Summary, base?: Summary, extra = ''): string {
  const ratio = base ? `  ×${(sum.p50 / base.p50).toFixed(1)} / ×${(sum.p99 / base.p99).toFixed(1)}` : '';
  return `${label.padEnd(34)} n=${String(sum.n).padStart(6)}  p50 ${ms(sum.p50)}  p95 ${ms(sum.p95)}  p99 ${ms(sum.p99)} ms${ratio}${extra}`;
}

/** A single-line progress bar on stderr, for long loads. */
export function progress(label: string, done: number, total: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
  if (done >= total) process.stderr.write('\n');
}

export async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Samples by the second they were sent in: whether a tail is spread over the run or one stall. */
export interface SecondOfLoad {
  second: number;
  n: number;
  p99: number;
  over: number;
}

/**
 * Each second's samples (`at`: ms since the load started, when the request was sent) and how many
 * took longer than `limitMs`; `worst` the seconds with most samples over it, and the share of all
 * samples over it that those seconds hold.
 */
export function bySecond(samples: Array<{ at: number; ms: number }>, limitMs: number, worstN = 3) {
  const seconds = new Map<number, number[]>();
  for (const s of samples) {
    const k = Math.floor(s.at / 1000);
    let list = seconds.get(k);
    if (!list) seconds.set(k, (list = []));
    list.push(s.ms);
  }
  const all: SecondOfLoad[] = [...seconds]
    .map(([second, ms]) => ({ second, n: ms.length, p99: summarize(ms).p99, over: ms.filter((m) => m > limitMs).length }))
    .sort((a, b) => a.second - b.second);
  const over = all.reduce((n, s) => n + s.over, 0);
  const worst = [...all].sort((a, b) => b.over - a.over || b.p99 - a.p99).slice(0, worstN).filter((s) => s.over > 0);
  const inWorst = worst.reduce((n, s) => n + s.over, 0);
  return { seconds: all, over, secondsOver: all.filter((s) => s.over > 0).length, worst, shareInWorst: over ? inWorst / over : 0 };
}
