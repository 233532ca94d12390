import { dialledNumberKey, type QueueSettings, type QueueSettingsInput } from '../../shared/schemas/queue-settings.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { AfterCallWork } from '../config.js';
import type { Models } from '../db/models.js';
import type { EventBus } from '../events.js';
import { AppError } from '../http/errors.js';
import type { QueueSettingsDoc } from './queue-settings.model.js';

/** What routing reads of a queue on every offer and every after-call work. */
export interface QueueRouting {
  /** Skills an agent must all have; none: the rule without settings (the queue's name as a skill, or no skills). */
  skills: string[];
  acwLimitMs: number;
}

/** The defaults of a queue nobody configured: the service level the floor measures, the configured ACW limits. */
export interface QueueDefaults {
  afterCallWork: AfterCallWork;
  serviceLevelSec: number;
  serviceLevelTarget: number;
}

// Read on every routed call: kept for a few seconds (another process's change shows within them; this
// process's own change at once).
const TTL_MS = 5000;

/**
 * Queues' settings (skills needed, service level, maximum wait, after-call work limit, what happens
 * outside hours). The only writer of `queuesettings`: each change is audited and published as
 * `queue-settings:changed`, and applies to the next call without a restart.
 */
export function createQueueSettings(deps: { models: Models; bus: EventBus; audit: AuditService; defaults: QueueDefaults; known: () => Promise<string[]> }) {
  const { models, bus, audit, defaults } = deps;
  const { QueueSettings: Settings } = models;
  let cached: Map<string, QueueSettingsDoc> | undefined;
  let cachedAt = 0;
  /** The one read in flight, and which generation of the settings it reads (a change here starts the next). */
  let reading: Promise<Map<string, QueueSettingsDoc>> | undefined;
  let generation = 0;

  function read(): Promise<Map<string, QueueSettingsDoc>> {
    const gen = generation;
    reading ??= Settings.find({})
      .lean<QueueSettingsDoc[]>()
      .then((docs) => {
        const fresh = new Map(docs.map((d) => [d.queue, d]));
        // A read that began before a change made here is not kept (the next one is).
        if (gen === generation) {
          cached = fresh;
          cachedAt = Date.now();
        }
        return fresh;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  }

  /**
   * The settings, read again past their few seconds by one read however many callers ask meanwhile
   * (under load every routed call asked at once, hundreds of reads of the same collection); those
   * with an earlier copy use it while the new one is read.
   */
  async function stored(): Promise<Map<string, QueueSettingsDoc>> {
    if (cached && Date.now() - cachedAt < TTL_MS) return cached;
    if (cached) {
      void read().catch(() => {});
      return cached;
    }
    return read();
  }

  /** The configured (environment) limit of a queue: ACW_LIMITS, else ACW_LIMIT_SECONDS. */
  const configuredAcwMs = (queue: string) => defaults.afterCallWork.perQueueMs[queue] || defaults.afterCallWork.limitMs;

  function view(queue: string, d: QueueSettingsDoc | undefined): QueueSettings {
    if (!d)
      return {
        queue,
        skills: [],
        serviceLevelSec: defaults.serviceLevelSec,
        serviceLevelTarget: defaults.serviceLevelTarget,
        maxWaitSec: null,
        acwLimitSec: Math.round(configuredAcwMs(queue) / 1000),
        outsideHours: 'callback',
        numbers: [],
        stored: false,
      };
    return {
      queue,
      skills: d.skills ?? [],
      serviceLevelSec: d.serviceLevelSec,
      serviceLevelTarget: d.serviceLevelTarget,
      maxWaitSec: d.maxWaitSec ?? null,
      acwLimitSec: d.acwLimitSec,
      outsideHours: d.outsideHours === 'closed' ? 'closed' : 'callback',
      numbers: d.numbers ?? [],
      stored: true,
      updatedAt: d.updatedAt.toISOString(),
      ...(d.updatedBy ? { updatedBy: d.updatedBy } : {}),
    };
  }

  async function of(queue: string): Promise<QueueSettings> {
    return view(queue, (await stored()).get(queue));
  }

  async function changed(queue: string, actor: TokenClaims, action: string, before: QueueSettings) {
    cached = undefined;
    generation++;
    reading = undefined;
    const after = await of(queue);
    bus.emit('queue-settings:changed', { settings: after });
    await audit.record({ actor, action, entity: { type: 'setting', id: `queue-settings.${queue}` }, before, after });
    return after;
  }

  return {
    of,

    /** Every queue the console knows of and every queue with settings, by name, narrowed by name or skill. */
    async list(q?: string): Promise<QueueSettings[]> {
      const all = await stored();
      const names = [...new Set([...(await deps.known()), ...all.keys()])].sort();
      const needle = q?.toLowerCase();
      return names
        .map((n) => view(n, all.get(n)))
        .filter((s) => !needle || s.queue.toLowerCase().includes(needle) || s.skills.some((k) => k.toLowerCase().includes(needle)) || s.numbers.some((n) => n.includes(needle)));
    },

    /** Saves a queue's settings (creating them for a new queue name). */
    async set(queue: string, input: QueueSettingsInput, actor: TokenClaims): Promise<QueueSettings> {
      const before = await of(queue);
      if (input.numbers.length) {
        const other = await Settings.findOne({ queue: { $ne: queue }, numbers: { $in: input.numbers } }, { queue: 1, numbers: 1 }).lean();
        if (other) {
          const number = input.numbers.find((n) => other.numbers.includes(n));
          throw new AppError('NUMBER_TAKEN', `${number} already reaches the queue ${other.queue}`, 409, undefined, { number, queue: other.queue });
        }
      }
      await Settings.updateOne({ queue }, { $set: { ...input, updatedBy: actor.username } }, { upsert: true, runValidators: true });
      return changed(queue, actor, 'queue-settings.changed', before);
    },

    /** Back to the defaults: the stored settings go (the audit keeps what they were). */
    async reset(queue: string, actor: TokenClaims): Promise<QueueSettings> {
      const before = await of(queue);
      await Settings.deleteOne({ queue });
      return changed(queue, actor, 'queue-settings.removed', before);
    },

    /**
     * A queue's service level, at once (the floor counts every answered call with it): from the settings
     * as last read, which `warm()` reads at start and every use past their few seconds reads again.
     */
    serviceLevelOf(queue: string): { sec: number; target: number } {
      if (!cached || Date.now() - cachedAt >= TTL_MS) void read().catch(() => {});
      const d = cached?.get(queue);
      return d ? { sec: d.serviceLevelSec, target: d.serviceLevelTarget } : { sec: defaults.serviceLevelSec, target: defaults.serviceLevelTarget };
    },

    /** The queue a call dialled on `number` goes to (undefined: none has the number, the call has no queue). */

    /** What the SIP switch needs of a dialled number: its queue and that queue's maximum wait. */
    async sipRouteOf(dialled: string): Promise<{ queue?: string; maxWaitMs?: number }> {
      const key = dialledNumberKey(dialled);
      const d = key ? [...(await stored()).values()].find((s) => s.numbers?.includes(key)) : undefined;
      return d ? { queue: d.queue, ...(d.maxWaitSec ? { maxWaitMs: d.maxWaitSec * 1000 } : {}) } : {};
    },

    /** Reads the settings (at start, so the first calls are counted with them). */
    async warm() {
      await stored();
    },

    /** What routing needs of a queue: the skills an agent must have, the after-call work limit. */
    async routingOf(queue: string | null | undefined): Promise<QueueRouting> {
      if (!queue) return { skills: [], acwLimitMs: defaults.afterCallWork.limitMs };
      const d = (await stored()).get(queue);
      return { skills: d?.skills ?? [], acwLimitMs: d ? d.acwLimitSec * 1000 : configuredAcwMs(queue) };
    },
  };
}
export type QueueSettingsService = ReturnType<typeof createQueueSettings>;
