import type { Logger } from 'pino';

/** Reports how far a step has got (`done` of `total` units, `what` names the unit or the part). */
export type Progress = (done: number, total: number, what?: string) => void;

export interface StartupStep {
  name: string;
  /** Before the console listens (`serve: false`), or in the background once it serves (`true`). */
  background?: boolean;
  /** A failure stops the start (true) or is logged and the console serves anyway (false, the default). */
  required?: boolean;
  run(progress: Progress): Promise<unknown>;
}

/**
 * Runs start-up work as named steps: each logs when it starts and ends (with its duration and what it
 * returned), reports progress at most every second, and a failed optional step is logged with its
 * name, never fatal. Foreground steps run in order before the console listens; background steps all
 * start once it does (each reads a different collection; none waits for another).
 */
export function createStartup(logger: Logger, steps: StartupStep[]) {
  async function runStep(step: StartupStep) {
    const started = Date.now();
    let lastReport = 0;
    logger.info({ step: step.name }, `start-up: ${step.name}`);
    const progress: Progress = (done, total, what) => {
      const now = Date.now();
      if (now - lastReport < 1000 && done < total) return;
      lastReport = now;
      logger.info({ step: step.name, done, total, ...(what ? { what } : {}) }, `start-up: ${step.name} ${done}/${total}`);
    };
    try {
      const result = await step.run(progress);
      logger.info({ step: step.name, ms: Date.now() - started, result }, `start-up: ${step.name} done`);
    } catch (err) {
      if (step.required) throw err;
      logger.error({ err, step: step.name, ms: Date.now() - started }, `start-up: ${step.name} failed; the console serves without it`);
    }
  }

  return {
    /** The steps that must finish before the console takes calls. */
    async foreground() {
      for (const step of steps.filter((s) => !s.background)) await runStep(step);
    },
    /** The rest, in the background; resolves when all have run. */
    async background(): Promise<void> {
      await Promise.all(steps.filter((s) => s.background).map(runStep));
    },
  };
}
