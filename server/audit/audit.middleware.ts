import type { NextFunction, Request, Response } from 'express';
import { ruleFor } from '../access/role-matrix.js';
import type { AuditService } from './audit.service.js';
import { isObjectIdString } from '../../shared/schemas/common.js';

/**
 * The route-level trail: a back-office write the role matrix marks `audit` is recorded once it has
 * succeeded (who, what, on which record, the request's fields). Features that know before/after
 * record their own richer entry with `audit.record`. Mounted before every router, so it sees routes
 * that answer early (imports) too.
 */
export function auditWrites(audit: AuditService) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET') return next();
    const rule = ruleFor(req.method, req.path);
    if (!rule?.audit) return next();
    const { action, entity } = rule.audit;
    res.once('finish', () => {
      if (res.statusCode >= 400) return;
      const body = req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) ? (req.body as Record<string, unknown>) : {};
      const id = req.path.split('/').find(isObjectIdString) ?? [body.keepId, body.code].find((v): v is string => typeof v === 'string') ?? '-';
      // Import bodies hold whole files: only their shape is kept.
      const detail = entity === 'import' ? { fields: Object.keys(body) } : { path: req.path, body };
      audit.note({
        actor: req.user ?? { username: 'integration', role: 'system' },
        action,
        entity: { type: entity, id },
        customerId: entity === 'customer' && isObjectIdString(id) ? id : undefined,
        detail,
      });
    });
    next();
  };
}
