import { describe, expect, it } from 'vitest';
import { createStartup } from '../../server/ops/startup-steps.js';
import { capturingLogger } from '../abuse/support.js';

describe('start-up steps', () => {
  it('runs foreground steps in order, logs each by name with what it returned, and keeps going past a failed optional one', async () => {
    const { logger, lines } = capturingLogger();
    const ran: string[] = [];
    const startup = createStartup(logger, [
      { name: 'first', run: async () => void ran.push('first') },
      { name: 'broken', run: async () => Promise.reject(new Error('disk on fire')) },
      { name: 'third', run: async () => (ran.push('third'), { built: 3 }) },
      { name: 'later', background: true, run: async () => void ran.push('later') },
    ]);
    await startup.foreground();
    expect(ran).toEqual(['first', 'third']);
    const failed = lines.find((l) => l.level === 50);
    expect(failed).toMatchObject({ step: 'broken', msg: expect.stringContaining('broken failed') });
    expect(lines.find((l) => l.msg === 'start-up: third done')).toMatchObject({ result: { built: 3 } });
    await startup.background();
    expect(ran).toEqual(['first', 'third', 'later']);
  });

  it('stops the start when a required step fails', async () => {
    const { logger } = capturingLogger();
    const startup = createStartup(logger, [{ name: 'demo data', required: true, run: async () => Promise.reject(new Error('no disk')) }]);
    await expect(startup.foreground()).rejects.toThrow('no disk');
  });

  it('reports progress at most once a second, and always the last step of the work', async () => {
    const { logger, lines } = capturingLogger();
    const startup = createStartup(logger, [
      {
        name: 'pictures',
        run: async (progress) => {
          for (let done = 1; done <= 1000; done++) progress(done, 1000);
        },
      },
    ]);
    await startup.foreground();
    const reports = lines.filter((l) => l.step === 'pictures' && 'done' in l).map((l) => l.done);
    expect(reports[0]).toBe(1);
    expect(reports.at(-1)).toBe(1000);
    expect(reports.length).toBeLessThanOrEqual(3);
  });
});
