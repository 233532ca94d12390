import { Router } from 'express';
import type { IO } from '../realtime/io.js';
import { createLoopDelay } from './loop-delay.js';

/**
 * Process health for operators and the load benchmark: event-loop delay since the last read (then
 * reset; the time a callback waited, loop-delay.ts), memory, and connected sockets.
 */
export function createMetrics(io: IO) {
  const loop = createLoopDelay();
  return {
    read() {
      const m = process.memoryUsage();
      const out = {
        eventLoopDelayMs: loop.read(),
        memory: { rssMb: Math.round(m.rss / 1e6), heapUsedMb: Math.round(m.heapUsed / 1e6) },
        sockets: io.of('/').sockets.size,
        uptimeSec: Math.round(process.uptime()),
      };
      loop.reset();
      return out;
    },
    stop: () => loop.stop(),
  };
}

export function metricsRoutes(metrics: ReturnType<typeof createMetrics>) {
  const r = Router();
  r.get('/ops/metrics', (_req, res) => void res.json(metrics.read()));
  return r;
}
