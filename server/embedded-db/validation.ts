import { Query } from 'mingo';
import { CommandError, badValue } from './errors.js';
import { prepareFilter } from './filter.js';
import { schemaErrors } from './json-schema.js';
import type { Doc } from './keys.js';
import { newQuery } from './mingo-options.js';

/**
 * Collection validators (create/collMod `validator`, `validationLevel`, `validationAction`) as
 * mongod enforces them: a write whose document fails is refused with DocumentValidationFailure
 * (121) and an errInfo naming the document, unless the level is "off", the action is "warn", the
 * command bypasses validation, or (level "moderate") an update starts from an already invalid
 * document. Query-style validators and $jsonSchema are both supported.
 */

const isPlain = (v: unknown): v is Doc => !!v && typeof v === 'object' && (v as object).constructor === Object;

const compiled = new WeakMap<Doc, Query>();

/** The validator's query, compiled once per validator object. */
function validatorQuery(validator: Doc): Query {
  let q = compiled.get(validator);
  if (!q) {
    const prepared = prepareFilter(validator);
    q = newQuery(prepared);
    compiled.set(validator, q);
  }
  return q;
}

/** Checks a validator given to create/collMod: MongoDB refuses a bad one up front. */
export function checkValidatorSpec(opts: Doc): void {
  if (opts.validator !== undefined) {
    if (!isPlain(opts.validator)) throw badValue('validator must be an object');
    for (const op of ['$where', '$near', '$nearSphere', '$text'])
      if (JSON.stringify(opts.validator).includes(`"${op}"`)) throw badValue(`${op} is not allowed inside of a document validator`);
    validatorQuery(opts.validator as Doc);
  }
  if (opts.validationLevel !== undefined && !['off', 'strict', 'moderate'].includes(opts.validationLevel as string))
    throw badValue(`Enumeration value '${String(opts.validationLevel)}' for field 'validationLevel' is not a valid value.`);
  if (opts.validationAction !== undefined && !['error', 'warn'].includes(opts.validationAction as string))
    throw badValue(`Enumeration value '${String(opts.validationAction)}' for field 'validationAction' is not a valid value.`);
}

/** Whether `doc` satisfies the collection's validator (true when there is none). */
export function satisfiesValidator(options: Doc, doc: Doc): boolean {
  const validator = options.validator;
  if (!isPlain(validator) || Object.keys(validator).length === 0) return true;
  return validatorQuery(validator).test(doc);
}

/**
 * Throws DocumentValidationFailure when writing `doc` (replacing `old`, if an update) breaks the
 * collection's validator under its level and action.
 */
export function validateWrite(options: Doc, doc: Doc, old: Doc | undefined, bypass: boolean): void {
  if (bypass || !isPlain(options.validator)) return;
  const level = (options.validationLevel as string) ?? 'strict';
  const action = (options.validationAction as string) ?? 'error';
  if (level === 'off' || action === 'warn') return;
  if (satisfiesValidator(options, doc)) return;
  if (old && level === 'moderate' && !satisfiesValidator(options, old)) return;
  const validator = options.validator as Doc;
  const details: Doc =
    '$jsonSchema' in validator
      ? { operatorName: '$jsonSchema', schemaRulesNotSatisfied: schemaErrors(validator.$jsonSchema as Doc, doc) }
      : { operatorName: Object.keys(validator)[0].startsWith('$') ? Object.keys(validator)[0] : '$and', clausesNotSatisfied: [] };
  throw new CommandError(121, 'DocumentValidationFailure', 'Document failed validation', { errInfo: { failingDocumentId: doc._id, details } });
}

