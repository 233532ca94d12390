import { monitorEventLoopDelay } from 'node:perf_hooks';

/** How often the loop is sampled: a timer every 10 ms. */
const RESOLUTION_MS = 10;

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/**
 * How late the event loop runs its callbacks, in ms, as percentiles since the last reset. Node's
 * histogram records the time between two ticks of its sampling timer, interval included: an idle loop
 * reads 10 ms there. The interval is taken off here (a constant off every sample keeps the percentiles'
 * order), so an idle loop reads about 0 and a figure is the time a callback waited.
 */
export function createLoopDelay() {
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  h.enable();
  const late = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);
  return {
    read: (): LoopDelay => ({ p50: late(h.percentile(50)), p99: late(h.percentile(99)), max: late(h.max) }),
    reset: () => h.reset(),
    stop: () => h.disable(),
  };
}
