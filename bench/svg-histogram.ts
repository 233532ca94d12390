/** A latency histogram as a standalone SVG image (log-spaced buckets), one series per measure. */
export function histogramSvg(title: string, series: Array<{ label: string; samples: number[]; color: string }>): string {
  const W = 900;
  const H = 420;
  const pad = { l: 60, r: 20, t: 40, b: 60 };
  const all = series.flatMap((s) => s.samples).filter((v) => v > 0);
  const lo = Math.max(0.05, Math.min(...all));
  const hi = Math.max(...all) * 1.05;
  const buckets = 40;
  const edge = (i: number) => lo * Math.pow(hi / lo, i / buckets);
  const counts = series.map((s) => {
    const c = new Array(buckets).fill(0);
    for (const v of s.samples) c[Math.min(buckets - 1, Math.max(0, Math.floor((Math.log(v / lo) / Math.log(hi / lo)) * buckets)))]++;
    return c.map((n) => n / Math.max(1, s.samples.length));
  });
  const maxShare = Math.max(...counts.flat(), 0.01);
  const x = (i: number) => pad.l + (i / buckets) * (W - pad.l - pad.r);
  const y = (share: number) => H - pad.b - (share / maxShare) * (H - pad.t - pad.b);
  const lines = counts
    .map((c, k) => {
      const pts = c.map((share, i) => `${x(i + 0.5).toFixed(1)},${y(share).toFixed(1)}`).join(' ');
      return `<polyline fill="none" stroke="${series[k].color}" stroke-width="2" points="${pts}"/>`;
    })
    .join('\n');
  const ticks = [0, 8, 16, 24, 32, 40]
    .map((i) => `<text x="${x(i)}" y="${H - pad.b + 18}" font-size="11" text-anchor="middle">${edge(i) < 10 ? edge(i).toFixed(1) : Math.round(edge(i))}</text>`)
    .join('');
  const legend = series
    .map((s, k) => `<rect x="${pad.l + k * 230}" y="${H - 22}" width="12" height="12" fill="${s.color}"/><text x="${pad.l + k * 230 + 18}" y="${H - 12}" font-size="12">${s.label}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${pad.l}" y="24" font-size="15" font-weight="bold">${title}</text>
<line x1="${pad.l}" y1="${H - pad.b}" x2="${W - pad.r}" y2="${H - pad.b}" stroke="#333"/>
<line x1="${pad.l}" y1="${pad.t}" x2="${pad.l}" y2="${H - pad.b}" stroke="#333"/>
${ticks}
<text x="${(W + pad.l) / 2}" y="${H - pad.b + 36}" font-size="12" text-anchor="middle">latency, ms (log scale)</text>
<text x="16" y="${(H - pad.b + pad.t) / 2}" font-size="12" transform="rotate(-90 16 ${(H - pad.b + pad.t) / 2})" text-anchor="middle">share of samples</text>
${lines}
${legend}
</svg>`;
}
