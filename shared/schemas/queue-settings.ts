import { z } from 'zod';
import { QueueName } from './callbacks.js';

/**
 * A queue's settings (the Queues admin screen). Business hours are their own setting
 * (shared/schemas/queue-hours.ts); these say who may take the queue's work and how it is measured.
 */

/** A skill agents have (users.skills): the same spelling as a queue name. */
export const SkillName = QueueName;

/**
 * What a visitor is offered outside the queue's hours: to leave a message for a callback, or only a
 * "closed" message.
 */
export const OutsideHours = z.enum(['callback', 'closed']);
export type OutsideHours = z.infer<typeof OutsideHours>;

/** A queue without settings: answered within 20 s counts towards its service level, and 80 % is the target. */
export const DEFAULT_SERVICE_LEVEL_SEC = 20;
export const DEFAULT_SERVICE_LEVEL_TARGET = 0.8;

/**
 * A number callers dial to reach a queue (a DID on the SIP trunk): the switch gives a call to the queue
 * by the number it was dialled on. Stored as digits with an optional leading +; spaces, dashes, dots and
 * brackets as people write numbers are dropped first.
 */
export const DialledNumber = z
  .string()
  .trim()
  .transform((n) => n.replace(/[\s\-.()]/g, ''))
  .pipe(z.string().regex(/^\+?\d{2,20}$/, 'a phone number: digits, optionally after a +'));

/** The form a dialled number is compared in: what DialledNumber stores (null: not a number). */
export function dialledNumberKey(raw: string): string | null {
  const n = DialledNumber.safeParse(raw);
  return n.success ? n.data : null;
}

export const QueueSettingsInput = z
  .object({
    /**
     * Skills an agent must all have to be offered the queue's work. None: the console's rule without
     * settings (agents with the queue's name as a skill, and agents without any skill).
     */
    skills: z.array(SkillName).max(20).default([]).refine((s) => new Set(s).size === s.length, 'a skill is listed twice'),
    /** Answered within this many seconds counts towards the service level. */
    serviceLevelSec: z.number().int().min(1).max(3600),
    /** The share of calls to answer within the threshold (0..1). */
    serviceLevelTarget: z.number().min(0).max(1),
    /** The longest a caller should wait; shown as the queue's limit (null: none). */
    maxWaitSec: z.number().int().min(10).max(86_400).nullable().default(null),
    /** After-call work ends (and the agent moves on) after this many seconds. */
    acwLimitSec: z.number().int().min(5).max(3600),
    outsideHours: OutsideHours.default('callback'),
    /** Numbers whose calls go to this queue (each number belongs to one queue at most). */
    numbers: z
      .array(DialledNumber)
      .max(20)
      .default([])
      .refine((n) => new Set(n).size === n.length, 'a number is listed twice'),
  })
  .strict();
export type QueueSettingsInput = z.infer<typeof QueueSettingsInput>;

/** A queue's settings as the API answers them; `stored: false`: the defaults (nothing saved yet). */
export const QueueSettings = z.object({
  queue: z.string(),
  skills: z.array(z.string()),
  serviceLevelSec: z.number(),
  serviceLevelTarget: z.number(),
  maxWaitSec: z.number().nullable(),
  acwLimitSec: z.number(),
  outsideHours: OutsideHours,
  numbers: z.array(z.string()),
  stored: z.boolean(),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
});
export type QueueSettings = z.infer<typeof QueueSettings>;

/** `GET /api/queue-settings`: `q` narrows by queue name or skill; CSV on request. */
export const QueueSettingsQuery = z.object({
  q: z.string().trim().max(64).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export type QueueSettingsQuery = z.infer<typeof QueueSettingsQuery>;

export const QUEUE_SETTINGS_CSV = ['queue', 'skills', 'serviceLevelSec', 'serviceLevelTarget', 'maxWaitSec', 'acwLimitSec', 'outsideHours', 'numbers', 'stored', 'updatedAt', 'updatedBy'] as const;
