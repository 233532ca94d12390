import type { z } from 'zod';
import { isObjectIdString, validationIssues } from '../../shared/schemas/common.js';
import { badRequest } from './errors.js';

/** Parses input at the edge with its shared schema; a failure is a 400 (VALIDATION) naming the bad fields. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`);
    throw badRequest(`invalid ${what}: ${issues.join('; ')}`, issues, 'VALIDATION', { what, issues: validationIssues(result.error.issues, what) });
  }
  return result.data;
}

/** Route ids must look like ObjectIds before they reach a query. */
export function parseId(value: unknown, what = 'id'): string {
  if (!isObjectIdString(value)) throw badRequest(`${what} must be a 24-character hex id`, undefined, 'BAD_ID', { what });
  return value;
}
