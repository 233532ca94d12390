import { CommandError, badValue, notImplemented } from './errors.js';
import type { Doc } from './keys.js';

/**
 * MongoDB collations as Intl.Collator: strength 1 ignores case and accents, 2 ignores case,
 * 3 and above compare case too. What Intl cannot express (backwards, maxVariable) is refused, never
 * silently ignored: a query under a collation must not quietly become a binary comparison.
 */
const cache = new Map<string, Intl.Collator | null>();

/** The collator for a command's `collation`, or undefined for none or the "simple" locale. */
export function collatorFor(spec: unknown): Intl.Collator | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (typeof spec !== 'object' || Array.isArray(spec)) throw new CommandError(14, 'TypeMismatch', "BSON field 'collation' is the wrong type, expected type 'object'");
  const key = JSON.stringify(spec);
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const c = build(spec as Doc);
  cache.set(key, c ?? null);
  return c;
}

function build(spec: Doc): Intl.Collator | undefined {
  const locale = spec.locale;
  if (typeof locale !== 'string') throw new CommandError(40414, 'Location40414', "BSON field 'collation.locale' is missing but a required field");
  if (locale === 'simple') return undefined;
  if (spec.backwards === true) throw notImplemented('collation option backwards is not supported by the embedded database');
  if (spec.maxVariable !== undefined && spec.maxVariable !== 'punct') throw notImplemented('collation option maxVariable is not supported by the embedded database');
  const strength = spec.strength === undefined ? 3 : Number(spec.strength);
  if (![1, 2, 3, 4, 5].includes(strength)) throw badValue(`unable to parse collation :: caused by :: Field 'strength' must be an integer 1 through 5. Got: ${spec.strength}`);
  const bcp47 = locale.replace(/_/g, '-').replace(/@.*$/, '');
  let supported: string[];
  try {
    supported = Intl.Collator.supportedLocalesOf(bcp47);
  } catch {
    supported = [];
  }
  if (supported.length === 0 && bcp47 !== 'root') throw badValue(`Field 'locale' is invalid in: ${JSON.stringify(spec)}`);
  const caseLevel = spec.caseLevel === true;
  const sensitivity: Intl.CollatorOptions['sensitivity'] =
    strength === 1 ? (caseLevel ? 'case' : 'base') : strength === 2 ? (caseLevel ? 'variant' : 'accent') : 'variant';
  return new Intl.Collator(bcp47 === 'root' ? 'und' : bcp47, {
    sensitivity,
    usage: 'sort',
    numeric: spec.numericOrdering === true,
    caseFirst: spec.caseFirst === 'upper' || spec.caseFirst === 'lower' ? spec.caseFirst : 'false',
    ignorePunctuation: spec.alternate === 'shifted',
  });
}

/**
 * A string's key under a collation for equality (unique indexes): strength 1 folds case and
 * accents, 2 folds case; 3 and above compare as stored. Undefined when nothing is folded.
 */
export function collationFold(spec: unknown): ((s: string) => string) | undefined {
  const collator = collatorFor(spec);
  if (!collator) return undefined;
  const { locale, sensitivity } = collator.resolvedOptions();
  if (sensitivity === 'base') return (s) => s.toLocaleLowerCase(locale).normalize('NFD').replace(/\p{M}/gu, '');
  if (sensitivity === 'accent') return (s) => s.toLocaleLowerCase(locale);
  return undefined;
}
