import { compareValues } from './bson-order.js';
import { CommandError, badValue } from './errors.js';
import { TYPE_ALIASES, bsonTypeOf } from './filter.js';
import type { Doc } from './keys.js';

/**
 * MongoDB's $jsonSchema (draft 4 plus bsonType), for queries and collection validators. mingo
 * needs a validator supplied for it; this one reports which keywords a value breaks, which
 * DocumentValidationFailure's errInfo shows.
 */

const isPlain = (v: unknown): v is Doc => !!v && typeof v === 'object' && (v as object).constructor === Object;

const JSON_TYPES: Record<string, (v: unknown) => boolean> = {
  object: (v) => isPlain(v),
  array: Array.isArray,
  number: (v) => [1, 16, 18, 19].includes(bsonTypeOf(v)),
  boolean: (v) => typeof v === 'boolean',
  string: (v) => typeof v === 'string',
  null: (v) => v === null,
};

const matchesBsonType = (v: unknown, t: unknown) =>
  t === 'number' ? JSON_TYPES.number(v) : t === 'object' ? isPlain(v) : typeof t === 'string' && TYPE_ALIASES[t] === bsonTypeOf(v);

const num = (v: unknown): number => Number((v as object)?.valueOf?.() ?? v);

/** The keywords of `schema` that `value` breaks (empty when it satisfies the schema). */
export function schemaErrors(schema: Doc, value: unknown): string[] {
  const errors: string[] = [];
  const fail = (k: string) => errors.push(k);
  const isNumber = JSON_TYPES.number(value);
  for (const [k, arg] of Object.entries(schema)) {
    switch (k) {
      case 'bsonType':
        if (!(Array.isArray(arg) ? arg : [arg]).some((t) => matchesBsonType(value, t))) fail(k);
        break;
      case 'type':
        if (!(Array.isArray(arg) ? arg : [arg]).some((t) => JSON_TYPES[t as string]?.(value))) fail(k);
        break;
      case 'enum':
        if (!(arg as unknown[]).some((e) => compareValues(e, value) === 0)) fail(k);
        break;
      case 'minimum':
        if (isNumber && (schema.exclusiveMinimum === true ? num(value) <= num(arg) : num(value) < num(arg))) fail(k);
        break;
      case 'maximum':
        if (isNumber && (schema.exclusiveMaximum === true ? num(value) >= num(arg) : num(value) > num(arg))) fail(k);
        break;
      case 'multipleOf':
        if (isNumber && num(value) % num(arg) !== 0) fail(k);
        break;
      case 'minLength':
        if (typeof value === 'string' && [...value].length < num(arg)) fail(k);
        break;
      case 'maxLength':
        if (typeof value === 'string' && [...value].length > num(arg)) fail(k);
        break;
      case 'pattern':
        if (typeof value === 'string' && !new RegExp(arg as string, 'u').test(value)) fail(k);
        break;
      case 'minItems':
        if (Array.isArray(value) && value.length < num(arg)) fail(k);
        break;
      case 'maxItems':
        if (Array.isArray(value) && value.length > num(arg)) fail(k);
        break;
      case 'uniqueItems':
        if (arg === true && Array.isArray(value) && value.some((x, i) => value.findIndex((y) => compareValues(x, y) === 0) !== i)) fail(k);
        break;
      case 'items':
        if (Array.isArray(value)) {
          if (isPlain(arg)) {
            if (value.some((x) => schemaErrors(arg, x).length)) fail(k);
          } else if (Array.isArray(arg)) {
            if (arg.some((s, i) => i < value.length && schemaErrors(s as Doc, value[i]).length)) fail(k);
            const extra = schema.additionalItems;
            if (extra === false && value.length > arg.length) fail('additionalItems');
            if (isPlain(extra) && value.slice(arg.length).some((x) => schemaErrors(extra, x).length)) fail('additionalItems');
          }
        }
        break;
      case 'required':
        if (isPlain(value) && (arg as string[]).some((f) => !(f in value))) fail(k);
        break;
      case 'minProperties':
        if (isPlain(value) && Object.keys(value).length < num(arg)) fail(k);
        break;
      case 'maxProperties':
        if (isPlain(value) && Object.keys(value).length > num(arg)) fail(k);
        break;
      case 'properties':
        if (isPlain(value))
          for (const [f, s] of Object.entries(arg as Doc)) if (f in value && schemaErrors(s as Doc, value[f]).length) fail(`properties.${f}`);
        break;
      case 'patternProperties':
        if (isPlain(value))
          for (const [re, s] of Object.entries(arg as Doc))
            for (const f of Object.keys(value)) if (new RegExp(re, 'u').test(f) && schemaErrors(s as Doc, value[f]).length) fail(`patternProperties.${re}`);
        break;
      case 'additionalProperties':
        if (isPlain(value)) {
          const named = new Set(Object.keys((schema.properties as Doc) ?? {}));
          const patterns = Object.keys((schema.patternProperties as Doc) ?? {}).map((re) => new RegExp(re, 'u'));
          const extra = Object.keys(value).filter((f) => !named.has(f) && !patterns.some((re) => re.test(f)));
          if (arg === false && extra.length) fail(k);
          if (isPlain(arg) && extra.some((f) => schemaErrors(arg, value[f]).length)) fail(k);
        }
        break;
      case 'dependencies':
        if (isPlain(value))
          for (const [f, dep] of Object.entries(arg as Doc)) {
            if (!(f in value)) continue;
            if (Array.isArray(dep) ? dep.some((g) => !(g in value)) : schemaErrors(dep as Doc, value).length) fail(`dependencies.${f}`);
          }
        break;
      case 'allOf':
        if ((arg as Doc[]).some((s) => schemaErrors(s, value).length)) fail(k);
        break;
      case 'anyOf':
        if (!(arg as Doc[]).some((s) => !schemaErrors(s, value).length)) fail(k);
        break;
      case 'oneOf':
        if ((arg as Doc[]).filter((s) => !schemaErrors(s, value).length).length !== 1) fail(k);
        break;
      case 'not':
        if (!schemaErrors(arg as Doc, value).length) fail(k);
        break;
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
      case 'additionalItems':
      case 'title':
      case 'description':
        break;
      default:
        throw unsupported(k);
    }
  }
  return errors;
}

/** mingo's hook for `$jsonSchema` (in queries and validators). */
const KEYWORDS = new Set([
  'bsonType', 'type', 'enum', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength',
  'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems', 'items', 'additionalItems', 'required', 'minProperties',
  'maxProperties', 'properties', 'patternProperties', 'additionalProperties', 'dependencies', 'allOf', 'anyOf', 'oneOf',
  'not', 'title', 'description',
]);
const KNOWN_UNSUPPORTED = new Set(['$ref', '$schema', 'default', 'definitions', 'format', 'id']);

const unsupported = (k: string) =>
  KNOWN_UNSUPPORTED.has(k)
    ? new CommandError(9, 'FailedToParse', `$jsonSchema keyword '${k}' is not currently supported`)
    : new CommandError(9, 'FailedToParse', `Unknown $jsonSchema keyword: ${k}`);

/** Refuses, when the query or validator is built, any keyword we would not enforce (at any depth). */
function checkSchema(schema: unknown): void {
  if (!isPlain(schema)) throw badValue('$jsonSchema must be an object');
  for (const [k, v] of Object.entries(schema)) {
    if (!KEYWORDS.has(k)) throw unsupported(k);
    if (k === 'properties' || k === 'patternProperties') for (const sub of Object.values(v as Doc)) checkSchema(sub);
    else if (k === 'items' || k === 'additionalItems' || k === 'additionalProperties' || k === 'not') {
      if (Array.isArray(v)) v.forEach(checkSchema);
      else if (isPlain(v)) checkSchema(v);
    } else if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') (v as unknown[]).forEach(checkSchema);
    else if (k === 'dependencies') for (const sub of Object.values(v as Doc)) if (isPlain(sub)) checkSchema(sub);
  }
}

export const jsonSchemaValidator = (schema: Doc) => {
  checkSchema(schema);
  return (doc: unknown) => schemaErrors(schema, doc).length === 0;
};
