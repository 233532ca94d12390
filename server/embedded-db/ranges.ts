import type { Doc } from './keys.js';
import type { KeyRange, RangeKind } from './ordered-keys.js';

/**
 * Which part of an ordered index a field's condition needs (pure: the planner in collection.ts asks).
 */
const RANGE_OPS = ['$gt', '$gte', '$lt', '$lte'] as const;

/** The kind an index orders a range operand as, with its comparable value. */
function rangeOperand(v: unknown): { kind: RangeKind; v: string | number } | undefined {
  if (typeof v === 'string') return { kind: 's', v };
  if (typeof v === 'number') return Number.isNaN(v) ? undefined : { kind: 'n', v };
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : { kind: 'd', v: v.getTime() };
  return undefined;
}

/**
 * The literal text every match of an anchored regular expression starts with (`^ann` → 'ann'), and
 * whether the pattern is that text and nothing more (`whole`: its matches are exactly the strings that
 * start with it); null when there is none. Conservative: stops at the first character that is not a
 * plain literal, drops a literal a quantifier makes optional, and gives up on alternation anywhere.
 */
function literalStart(source: string, flags: string): { text: string; whole: boolean } | null {
  if (!source.startsWith('^') || /[im]/.test(flags) || source.includes('|')) return null;
  let out = '';
  let whole = true;
  for (let i = 1; i < source.length; i++) {
    let c = source[i];
    if (c === '\\') {
      const next = source[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) {
        whole = false; // \d, \b, \1: not a literal
        break;
      }
      c = next;
      i++;
    } else if ('.^$?*+()[]{}'.includes(c)) {
      whole = false;
      break;
    }
    const after = source[i + 1];
    if (after === '?' || after === '*' || after === '{') {
      whole = false; // optional: not part of every match
      break;
    }
    out += c;
    if (after === '+') {
      whole = false;
      break;
    }
  }
  return out ? { text: out, whole } : null;
}

/**
 * The range of an anchored pattern's prefix, marked exact when the pattern is that prefix alone, with no
 * flags, and `alone` (no other operator beside it narrows the condition).
 */
function patternRange(source: string, flags: string, alone = true): KeyRange | null {
  const start = literalStart(source, flags);
  const range = prefixRange(start?.text ?? null);
  if (range && range.hi !== undefined && start?.whole && flags === '' && alone) range.exact = true;
  return range;
}

/**
 * The range of one kind an index can answer a condition from: `$gt`/`$gte`/`$lt`/`$lte` on strings,
 * numbers or dates, or an anchored regular expression's literal prefix. Other operators beside them
 * only narrow the answer, which the filter still decides.
 */
export function rangeOf(cond: unknown): KeyRange | null {
  if (cond instanceof RegExp) return patternRange(cond.source, cond.flags);
  if (!cond || typeof cond !== 'object' || cond.constructor !== Object) return null;
  const c = cond as Doc;
  if ('$regex' in c) {
    const re = c.$regex;
    const options = typeof c.$options === 'string' ? c.$options : '';
    // Nothing but the pattern (and its options): `{ $regex, $ne }` is a range the filter still decides.
    const alone = Object.keys(c).every((k) => k === '$regex' || k === '$options');
    if (re instanceof RegExp) return patternRange(re.source, re.flags + options, alone);
    return typeof re === 'string' ? patternRange(re, options, alone) : null;
  }
  let range: KeyRange | null = null;
  for (const [key, operand] of Object.entries(c)) {
    // prepareFilter writes numeric comparisons as `$_cmp`, `$_cmp1`...: `{ op, v }` (`c` if under a collation).
    const rewritten = /^\$_cmp\d*$/.test(key) ? (operand as { op: string; v: unknown; c?: unknown }) : undefined;
    if (rewritten?.c) continue;
    const op = (rewritten ? rewritten.op : key) as (typeof RANGE_OPS)[number];
    if (!RANGE_OPS.includes(op)) continue;
    const o = rangeOperand(rewritten ? rewritten.v : operand);
    if (!o || (range && range.kind !== o.kind)) return null;
    range ??= { kind: o.kind };
    if (op === '$gt' || op === '$gte') Object.assign(range, { lo: o.v, loInclusive: op === '$gte' });
    else Object.assign(range, { hi: o.v, hiInclusive: op === '$lte' });
  }
  return range;
}

/** Strings starting with `prefix`: from it up to (not including) the prefix with its last character raised by one. */
function prefixRange(prefix: string | null): KeyRange | null {
  if (!prefix) return null;
  const last = prefix.charCodeAt(prefix.length - 1);
  // One test (the pattern) of one element: both bounds hold for that element, even in an array.
  if (last === 0xffff) return { kind: 's', lo: prefix, loInclusive: true, oneTest: true };
  return { kind: 's', lo: prefix, loInclusive: true, hi: prefix.slice(0, -1) + String.fromCharCode(last + 1), hiInclusive: false, oneTest: true };
}

