import { describe, expect, it } from 'vitest';
import { createBackground } from '../../server/ops/background.js';
import { capturingLogger } from '../abuse/support.js';

describe('background work', () => {
  it('settles only when everything started, and everything that started more, has finished', async () => {
    const { logger } = capturingLogger();
    const background = createBackground(logger);
    const done: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    background.run('outer', async () => {
      await gate;
      done.push('outer');
      // Work started by background work (a pop's acknowledgement) is waited for too.
      background.run('inner', async () => {
        await Promise.resolve();
        done.push('inner');
      });
    });
    const settled = background.settle().then(() => done.push('settled'));
    expect(background.size).toBe(1);
    release();
    await settled;
    expect(done).toEqual(['outer', 'inner', 'settled']);
    expect(background.size).toBe(0);
  });

  it('logs a failure under the name of the work, and never rejects', async () => {
    const { logger, lines } = capturingLogger();
    const background = createBackground(logger);
    background.run('pop', () => Promise.reject(new Error('socket gone')), 'error', { interactionId: 'i-1' });
    await background.settle();
    expect(lines).toEqual([expect.objectContaining({ level: 50, msg: 'pop failed (while closing)', interactionId: 'i-1' })]);
  });
});
