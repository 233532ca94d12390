import { z } from 'zod';
import { Role } from './auth.js';

/** What an audit entry is about. */
export const AuditEntityType = z.enum(['customer', 'interaction', 'complaint', 'offer', 'import', 'user', 'campaign', 'setting', 'callback']);
export type AuditEntityType = z.infer<typeof AuditEntityType>;

/** One line of the append-only audit log: who, when, what, on which record, before and after. */
export const AuditEntry = z.object({
  id: z.string(),
  at: z.coerce.date(),
  actor: z.object({ userId: z.string().optional(), username: z.string(), role: Role.or(z.literal('system')) }),
  action: z.string(),
  entity: z.object({ type: AuditEntityType, id: z.string() }),
  /** The customer the entry concerns, when there is one (access requests read by it). */
  customerId: z.string().optional(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  detail: z.unknown().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z
  .object({
    actor: z.string().trim().max(64).optional(),
    entity: z.string().trim().max(64).optional(),
    action: z.string().trim().max(64).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditExportQuery = AuditQuery.omit({ page: true, pageSize: true }).extend({ format: z.enum(['csv', 'ndjson']).default('csv') }).strict();
export type AuditExportQuery = z.infer<typeof AuditExportQuery>;

export const AuditPage = z.object({ items: z.array(AuditEntry), total: z.number(), page: z.number(), pageSize: z.number() });
export type AuditPage = z.infer<typeof AuditPage>;
