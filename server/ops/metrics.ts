import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Router } from 'express';
import type { IO } from '../realtime/io.js';

/**
 * Process health for operators and the load benchmark: event-loop delay since the last read (then
 * reset), memory, and connected sockets.
 */
export function createMetrics(io: IO) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  return {
    read() {
      const m = process.memoryUsage();
      const out = {
        eventLoopDelayMs: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
        memory: { rssMb: Math.round(m.rss / 1e6), heapUsedMb: Math.round(m.heapUsed / 1e6) },
        sockets: io.of('/').sockets.size,
        uptimeSec: Math.round(process.uptime()),
      };
      loop.reset();
      return out;
    },
    stop: () => loop.disable(),
  };
}

export function metricsRoutes(metrics: ReturnType<typeof createMetrics>) {
  const r = Router();
  r.get('/ops/metrics', (_req, res) => void res.json(metrics.read()));
  return r;
}
