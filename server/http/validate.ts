import type { z } from 'zod';
import { isObjectIdString } from '../../shared/schemas/common.js';
import type { ValidationIssue } from '../../shared/schemas/common.js';
import { badRequest } from './errors.js';

/** One zod issue as the console words it: the field, what is wrong with it (a code), and the limit broken. */
function issueOf(i: z.core.$ZodIssue, what: string): ValidationIssue {
  const field = i.path.map(String).join('.') || what;
  // A missing field is zod's invalid_type with nothing received: the console says "required".
  const issue = i.code === 'invalid_type' && /received undefined/.test(i.message) ? 'required' : i.code;
  const limit = i.code === 'too_small' ? i.minimum : i.code === 'too_big' ? i.maximum : undefined;
  return limit === undefined ? { field, issue } : { field, issue, limit: Number(limit) };
}

/** Parses input at the edge with its shared schema; a failure is a 400 (VALIDATION) naming the bad fields. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`);
    throw badRequest(`invalid ${what}: ${issues.join('; ')}`, issues, 'VALIDATION', { what, issues: result.error.issues.map((i) => issueOf(i, what)) });
  }
  return result.data;
}

/** Route ids must look like ObjectIds before they reach a query. */
export function parseId(value: unknown, what = 'id'): string {
  if (!isObjectIdString(value)) throw badRequest(`${what} must be a 24-character hex id`, undefined, 'BAD_ID', { what });
  return value;
}
