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
