import { describe, expect, it } from 'vitest';
import { createLoopDelay } from '../../server/ops/loop-delay.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('event-loop delay', () => {
  it('reads an idle loop below the 10 ms its sampling timer waits, which the raw histogram never reads under', async () => {
    const loop = createLoopDelay();
    try {
      await pause(500);
      const idle = loop.read();
      expect(idle.p50).toBeGreaterThanOrEqual(0);
      expect(idle.p50).toBeLessThan(10);
    } finally {
      loop.stop();
    }
  });

  it('reads a loop held for 60 ms as a callback that waited most of it', async () => {
    const loop = createLoopDelay();
    try {
      await pause(50);
      loop.reset();
      // The sampler's first tick after a reset records nothing: the hold comes after it.
      await pause(25);
      const until = performance.now() + 60;
      while (performance.now() < until);
      await pause(30);
      // The hold began at most one sampling interval (10 ms) after a tick.
      expect(loop.read().max).toBeGreaterThanOrEqual(45);
    } finally {
      loop.stop();
    }
  });
});
